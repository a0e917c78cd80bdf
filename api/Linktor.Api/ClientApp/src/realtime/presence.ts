import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../api/client';
import type { Presence } from '../api/types';
import { useRealtime } from './context';

const KEY = ['presence'];

/** The ids of the tenant's agents online now: the list the API gives, kept current by `presence` events. */
export function useOnlineAgents(): ReadonlySet<string> {
  const rt = useRealtime();
  const qc = useQueryClient();
  const { data } = useQuery({
    queryKey: KEY,
    queryFn: async () => new Set((await client.presence()).data.map((p) => p.user_id)),
    // Advisory, and cheap to ask: a minute at most out of date even if an event went missing.
    refetchInterval: 60_000,
  });
  useEffect(() => {
    const off = rt.on<Presence>('presence', (p) => {
      qc.setQueryData<Set<string>>(KEY, (old) => {
        const next = new Set(old);
        if (p.status === 'online') next.add(p.user_id);
        else next.delete(p.user_id);
        return next;
      });
      // A list fetched just before this event may still be on its way, and would undo it: ask again (the newest answer wins).
      void qc.invalidateQueries({ queryKey: KEY });
    });
    // Events missed while disconnected: ask again.
    const offReconnected = rt.onReconnected(() => void qc.invalidateQueries({ queryKey: KEY }));
    return () => { off(); offReconnected(); };
  }, [rt, qc]);
  return data ?? new Set();
}

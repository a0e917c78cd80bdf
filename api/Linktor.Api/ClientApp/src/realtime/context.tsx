import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { ConnectionStatus, InboxConnection } from './connection';

/** The hub connection a view talks to; tests pass a fake with the same surface. */
export type Realtime = Pick<InboxConnection, 'on' | 'onStatus' | 'onReconnected' | 'join' | 'leave' | 'resync' | 'typing' | 'markRead' | 'current'>;

const RealtimeContext = createContext<Realtime | null>(null);

export function RealtimeProvider({ connection, children }: { connection: Realtime; children: ReactNode }) {
  return <RealtimeContext.Provider value={connection}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): Realtime {
  const r = useContext(RealtimeContext);
  if (!r) throw new Error('useRealtime outside RealtimeProvider');
  return r;
}

export function useConnectionStatus(): ConnectionStatus {
  const r = useRealtime();
  const [status, setStatus] = useState(r.current);
  useEffect(() => {
    setStatus(r.current);
    return r.onStatus(setStatus);
  }, [r]);
  return status;
}

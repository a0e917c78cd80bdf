import type { ReactNode } from 'react';
import { act, render } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { vi } from 'vitest';
import type { Conversation, Message } from '../api/types';
import { RealtimeProvider, type Realtime } from '../realtime/context';

/** Stands in for the hub connection: tests emit server events and watch the calls. */
export class FakeRealtime implements Realtime {
  private handlers = new Map<string, Set<(data: never) => void>>();
  private reconnectedListeners = new Set<() => void>();
  current = 'connected' as const;
  join = vi.fn(async (_id: string) => {});
  leave = vi.fn(async (_id: string) => {});
  resync = vi.fn(async (_id: string, _after: number): Promise<Message[]> => []);
  typing = vi.fn();
  markRead = vi.fn();

  on<T>(event: string, handler: (data: T) => void) {
    const set = this.handlers.get(event) ?? new Set();
    set.add(handler as (data: never) => void);
    this.handlers.set(event, set);
    return () => { set.delete(handler as (data: never) => void); };
  }

  onStatus() { return () => {}; }

  onReconnected(listener: () => void) {
    this.reconnectedListeners.add(listener);
    return () => { this.reconnectedListeners.delete(listener); };
  }

  emit(event: string, data: unknown) {
    act(() => { for (const h of this.handlers.get(event) ?? []) h(data as never); });
  }

  async reconnect() {
    await act(async () => { for (const l of this.reconnectedListeners) l(); });
  }
}

export function renderWith(ui: ReactNode, rt = new FakeRealtime()) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const result = render(
    <MantineProvider>
      <QueryClientProvider client={qc}>
        <RealtimeProvider connection={rt}>{ui}</RealtimeProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { ...result, rt, qc };
}

let n = 0;
export function message(seq: number, over: Partial<Message> = {}): Message {
  return {
    id: over.id ?? `m-${seq}`,
    conversation_id: 'c-1',
    channel_id: 'ch-1',
    seq,
    direction: 'inbound',
    sender: { type: 'contact', id: 'contact-1' },
    content: { type: 'text', text: `message ${seq}` },
    private: false,
    status: 'delivered',
    error: null,
    created_at: new Date(Date.UTC(2026, 10, 23, 10, 0, seq)).toISOString(),
    ...over,
  };
}

export function conversation(id: string, minute: number, over: Partial<Conversation> = {}): Conversation {
  const at = new Date(Date.UTC(2026, 10, 23, 10, minute)).toISOString();
  n += 1;
  return {
    id,
    contact: { id: `contact-${id}`, name: `Contact ${id}` },
    channel_id: 'ch-1',
    channel_type: 'webchat',
    status: 'open',
    assignee_id: null,
    priority: null,
    labels: [],
    last_message: message(n, { conversation_id: id, content: { type: 'text', text: `last of ${id}` }, created_at: at }),
    last_seq: 1,
    unread_count: 0,
    created_at: at,
    updated_at: at,
    last_activity_at: at,
    ...over,
  };
}

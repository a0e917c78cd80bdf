import type { Message } from '../api/types';

/**
 * Merges messages into a thread: one entry per id (the later copy wins, so status updates apply), in seq
 * order. Events, history pages and resyncs overlap freely; this is what keeps the thread free of duplicates.
 */
export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return current as Message[];
  const byId = new Map<string, Message>();
  for (const m of current) byId.set(m.id, m);
  for (const m of incoming) {
    const existing = byId.get(m.id);
    byId.set(m.id, existing ? newer(existing, m) : m);
  }
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

const STATUS_RANK: Record<Message['status'], number> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

// A late copy (e.g. a resync page fetched before a status event) must not move a status backwards.
function newer(a: Message, b: Message): Message {
  return STATUS_RANK[b.status] >= STATUS_RANK[a.status] ? b : { ...b, status: a.status, error: a.error ?? b.error };
}

/** The highest seq with no gap before it: where a resync continues from. */
export function lastSeq(messages: readonly Message[]): number {
  return messages.length ? messages[messages.length - 1]!.seq : 0;
}

export function preview(m: Message | null | undefined): string {
  if (!m) return '';
  const c = m.content;
  switch (c.type) {
    case 'text': return c.text ?? '';
    case 'image': return `Photo${c.media?.caption ? `: ${c.media.caption}` : ''}`;
    case 'video': return `Video${c.media?.caption ? `: ${c.media.caption}` : ''}`;
    case 'audio': return 'Audio';
    case 'document': return `Document: ${c.media?.filename ?? c.media?.caption ?? ''}`;
    case 'sticker': return 'Sticker';
    case 'location': return `Location${c.location?.name ? `: ${c.location.name}` : ''}`;
    default: return c.text ?? `[${c.type}]`;
  }
}

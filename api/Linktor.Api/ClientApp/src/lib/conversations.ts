import type { Conversation } from '../api/types';
import type { ConversationQuery } from '../api/client';

/** When a conversation last moved: the list's sort key (most recent first). */
export function activityOf(c: Conversation): number {
  return Date.parse(c.last_activity_at ?? c.last_message?.created_at ?? c.updated_at);
}

export function sortConversations(list: readonly Conversation[]): Conversation[] {
  return [...list].sort((a, b) => activityOf(b) - activityOf(a) || (a.id < b.id ? -1 : 1));
}

/** Whether a conversation belongs in the list the agent is looking at (so live updates can add or drop it). */
export function matches(c: Conversation, q: ConversationQuery, me: string): boolean {
  if (q.status && c.status !== q.status) return false;
  if (q.assignee === 'me' && c.assignee_id !== me) return false;
  if (q.assignee === 'unassigned' && c.assignee_id) return false;
  if (q.channelId && c.channel_id !== q.channelId) return false;
  if (q.label && !c.labels.includes(q.label.toLowerCase())) return false;
  if (q.contactId && c.contact.id !== q.contactId) return false;
  return true;
}

/**
 * Applies a live conversation event to a list: replaces or inserts it when it matches the view (drops it
 * when it no longer does), ignores an older copy than the one held, and keeps the list in activity order.
 */
export function applyConversation(list: readonly Conversation[], c: Conversation, q: ConversationQuery, me: string): Conversation[] {
  const existing = list.find((x) => x.id === c.id);
  if (existing && Date.parse(existing.updated_at) > Date.parse(c.updated_at)) return list as Conversation[];
  const rest = list.filter((x) => x.id !== c.id);
  // A search is the server's to answer: live events only update rows already in a searched list.
  if (q.q && !existing) return list as Conversation[];
  return matches(c, q, me) ? sortConversations([c, ...rest]) : rest;
}

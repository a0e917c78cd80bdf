import type { ChannelType, Conversation } from '../api/types';

export const CHANNEL_NAMES: Record<ChannelType, string> = {
  webchat: 'Web chat', whatsapp: 'WhatsApp', telegram: 'Telegram', sms: 'SMS', messenger: 'Messenger', instagram: 'Instagram',
  rcs: 'RCS', email: 'E-mail', voice: 'Voice', grpc: 'gRPC',
};

export function contactName(c: Pick<Conversation, 'contact'>['contact']): string {
  return c.name || c.email || c.phone || 'Visitor';
}

/** "14:05" today, "Mon" this week, "3 Nov" before. */
export function shortTime(iso: string | null | undefined, now = new Date()): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (d.toDateString() === now.toDateString()) return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (now.getTime() - d.getTime() < 6 * 86_400_000) return d.toLocaleDateString([], { weekday: 'short' });
  return d.toLocaleDateString([], { day: 'numeric', month: 'short' });
}

export function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((p) => p[0]!.toUpperCase()).join('') || '?';
}

// The wire types of API.md (snake_case, as the API sends them).
export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';
export type Priority = 'low' | 'medium' | 'high' | 'urgent';
export type ChannelType = 'webchat' | 'whatsapp' | 'telegram' | 'sms' | 'messenger' | 'instagram' | 'rcs' | 'email' | 'voice' | 'grpc';
export type MessageStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';
export type ContentType =
  | 'text' | 'image' | 'video' | 'audio' | 'document' | 'sticker' | 'location' | 'contacts' | 'interactive' | 'template' | 'reaction' | 'unsupported';

export interface Page<T> { data: T[]; next_cursor: string | null }

export interface User { id: string; email: string; name: string; role: 'admin' | 'agent'; status: 'active' | 'disabled'; created_at: string }

/** An agent coming online or going offline (the `presence` event), or an entry of GET /api/v1/presence. */
export interface Presence { user_id: string; status: 'online' | 'offline' }

export interface TokenResponse { access_token: string; refresh_token: string; expires_in: number; token_type: string; user: User }

export interface ContactSummary { id: string; name?: string | null; email?: string | null; phone?: string | null }

/** An attachment: at `url`, or kept by the provider (`provider_media_id`) and served by `GET /api/v1/messages/{id}/media`. */
export interface Media {
  url?: string | null;
  provider_media_id?: string | null;
  mime_type?: string | null;
  size?: number | null;
  filename?: string | null;
  caption?: string | null;
}
/** What POST /api/v1/media answers: `url` goes in a message's `content.media`. */
export interface UploadedMedia { id: string; url: string; mime_type: string; size: number; filename?: string | null; created_at: string }
export interface Location { latitude: number; longitude: number; name?: string | null; address?: string | null }

export interface MessageContent {
  type: ContentType;
  text?: string | null;
  media?: Media | null;
  location?: Location | null;
  reply_to_message_id?: string | null;
  [key: string]: unknown;
}

export interface Message {
  id: string;
  conversation_id: string;
  channel_id: string;
  seq: number;
  direction: 'inbound' | 'outbound';
  sender: { type: 'contact' | 'agent' | 'api' | 'bot' | 'system'; id?: string | null };
  content: MessageContent;
  private: boolean;
  status: MessageStatus;
  error?: { code: string; message: string } | null;
  external_id?: string | null;
  created_at: string;
  sent_at?: string | null;
  delivered_at?: string | null;
  read_at?: string | null;
}

export interface Conversation {
  id: string;
  contact: ContactSummary;
  channel_id: string;
  channel_type: ChannelType;
  status: ConversationStatus;
  assignee_id?: string | null;
  priority?: Priority | null;
  labels: string[];
  snoozed_until?: string | null;
  last_message?: Message | null;
  last_seq: number;
  unread_count: number;
  created_at: string;
  updated_at: string;
  last_activity_at?: string | null;
}

export interface Contact {
  id: string;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  custom_attributes: Record<string, string>;
  labels: string[];
  identities: { channel_id: string; channel_type: ChannelType; external_id: string }[];
  created_at: string;
  updated_at: string;
}

export interface Channel {
  id: string;
  type: ChannelType;
  name: string;
  status: string;
  config: Record<string, string>;
  capabilities: Record<string, unknown>;
  webhook_url?: string | null;
  widget_snippet?: string | null;
  created_at: string;
}

export interface ApiKey { id: string; name: string; scopes: string[]; prefix: string; created_at: string; key?: string }

export interface CannedResponse { id: string; short_code: string; content: string; created_at: string; updated_at: string }

export const WEBHOOK_EVENTS = [
  'message.created', 'message.updated', 'conversation.created', 'conversation.updated', 'contact.created', 'contact.updated', 'channel.updated',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export type WebhookStatus = 'active' | 'disabled';

export interface Webhook { id: string; url: string; events: string[]; status: WebhookStatus; created_at: string; updated_at: string }

/** What POST /webhooks answers: the only time the signing secret is shown. */
export interface WebhookCreated extends Webhook { secret: string }

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface Delivery {
  id: string;
  webhook_id: string;
  event_id: string;
  event: string;
  status: DeliveryStatus;
  attempt_count: number;
  response_status: number | null;
  error: string | null;
  created_at: string;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
}

export interface DeliveryAttempt { attempt: number; attempted_at: string; response_status: number | null; error: string | null; duration_ms: number }

export interface DeliveryDetail extends Delivery { payload: unknown; attempts: DeliveryAttempt[] }

export interface Problem { type?: string; title?: string; status: number; detail?: string; code?: string; errors?: Record<string, string[]> }

export interface TypingEvent { conversation_id: string; user?: { id: string } | null; contact?: { id: string } | null; is_typing: boolean }

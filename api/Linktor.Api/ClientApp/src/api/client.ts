import { api, apiBlob } from './session';
import type {
  ApiKey, CannedResponse, Channel, Contact, Conversation, ConversationStatus, Delivery, DeliveryDetail, DeliveryStatus, Message, MessageContent,
  Page, Presence, Priority, UploadedMedia, User, Webhook, WebhookCreated, WebhookStatus,
} from './types';

export interface ConversationQuery {
  status?: ConversationStatus;
  assignee?: 'me' | 'unassigned' | 'all';
  channelId?: string;
  label?: string;
  q?: string;
  contactId?: string;
}

function query(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)]))}` : '';
}

export interface ConversationPatch {
  status?: ConversationStatus;
  assignee_id?: string | null;
  priority?: Priority | null;
  labels?: string[];
  snoozed_until?: string;
}

export interface WebhookPatch { url?: string; events?: string[]; status?: WebhookStatus; secret?: string }

export const client = {
  me: () => api<User>('/api/v1/me'),
  users: () => api<Page<User>>('/api/v1/users?limit=200'),
  presence: () => api<Page<Presence>>('/api/v1/presence'),
  createUser: (body: { email: string; name: string; role: string; password: string }) => api<User>('/api/v1/users', { method: 'POST', body }),
  updateUser: (id: string, body: Partial<{ name: string; role: string; status: string }>) => api<User>(`/api/v1/users/${id}`, { method: 'PATCH', body }),
  conversations: (q: ConversationQuery) => api<Page<Conversation>>(`/api/v1/conversations${query({
    status: q.status,
    assignee_id: q.assignee === 'all' ? undefined : q.assignee,
    channel_id: q.channelId,
    label: q.label,
    q: q.q,
    contact_id: q.contactId,
    limit: 100,
  })}`),
  conversation: (id: string) => api<Conversation>(`/api/v1/conversations/${id}`),
  updateConversation: (id: string, body: ConversationPatch) => api<Conversation>(`/api/v1/conversations/${id}`, { method: 'PATCH', body }),
  messages: (conversationId: string, beforeSeq?: number, limit = 50) =>
    api<Page<Message>>(`/api/v1/conversations/${conversationId}/messages${query({ before_seq: beforeSeq, limit })}`),
  send: (conversationId: string, content: MessageContent, isPrivate: boolean, idempotencyKey: string) =>
    api<Message>(`/api/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      body: { content, private: isPrivate, idempotency_key: idempotencyKey },
    }),
  upload: (file: File) => {
    const body = new FormData();
    body.append('file', file, file.name);
    return api<UploadedMedia>('/api/v1/media', { method: 'POST', body });
  },
  /** An inbound attachment the provider keeps (content.media.provider_media_id), fetched through the API. */
  messageMedia: (messageId: string) => apiBlob(`/api/v1/messages/${messageId}/media`),
  contact: (id: string) => api<Contact>(`/api/v1/contacts/${id}`),
  channels: () => api<Page<Channel>>('/api/v1/channels?limit=200'),
  createChannel: (body: { type: string; name: string; config: Record<string, string>; credentials: Record<string, string> }) =>
    api<Channel>('/api/v1/channels', { method: 'POST', body }),
  deleteChannel: (id: string) => api<void>(`/api/v1/channels/${id}`, { method: 'DELETE' }),
  testChannel: (id: string) => api<{ ok: boolean; detail: string; identity?: Record<string, string> | null }>(`/api/v1/channels/${id}/test`, { method: 'POST' }),
  apiKeys: () => api<Page<ApiKey>>('/api/v1/api_keys?limit=200'),
  createApiKey: (body: { name: string; scopes: string[] }) => api<ApiKey>('/api/v1/api_keys', { method: 'POST', body }),
  deleteApiKey: (id: string) => api<void>(`/api/v1/api_keys/${id}`, { method: 'DELETE' }),
  cannedResponses: () => api<Page<CannedResponse>>('/api/v1/canned_responses?limit=200'),
  createCannedResponse: (body: { short_code: string; content: string }) => api<CannedResponse>('/api/v1/canned_responses', { method: 'POST', body }),
  deleteCannedResponse: (id: string) => api<void>(`/api/v1/canned_responses/${id}`, { method: 'DELETE' }),
  webhooks: () => api<Page<Webhook>>('/api/v1/webhooks?limit=200'),
  webhook: (id: string) => api<Webhook>(`/api/v1/webhooks/${id}`),
  createWebhook: (body: { url: string; events: string[]; secret?: string }) => api<WebhookCreated>('/api/v1/webhooks', { method: 'POST', body }),
  updateWebhook: (id: string, body: WebhookPatch) => api<Webhook>(`/api/v1/webhooks/${id}`, { method: 'PATCH', body }),
  deleteWebhook: (id: string) => api<void>(`/api/v1/webhooks/${id}`, { method: 'DELETE' }),
  deliveries: (webhookId: string, q: { status?: DeliveryStatus; cursor?: string; limit?: number }) =>
    api<Page<Delivery>>(`/api/v1/webhooks/${webhookId}/deliveries${query({ status: q.status, cursor: q.cursor, limit: q.limit ?? 50 })}`),
  delivery: (webhookId: string, deliveryId: string) => api<DeliveryDetail>(`/api/v1/webhooks/${webhookId}/deliveries/${deliveryId}`),
  redeliver: (webhookId: string, deliveryId: string) =>
    api<Delivery>(`/api/v1/webhooks/${webhookId}/deliveries/${deliveryId}/redeliver`, { method: 'POST' }),
};

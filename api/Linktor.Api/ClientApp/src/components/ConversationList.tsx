import { useEffect, useMemo } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Avatar, Badge, Group, Loader, Stack, Text, UnstyledButton } from '@mantine/core';
import { client, type ConversationQuery } from '../api/client';
import type { Conversation } from '../api/types';
import { applyConversation, sortConversations } from '../lib/conversations';
import { contactName, initials, shortTime } from '../lib/format';
import { ChannelIcon, Icon } from './icons';
import { preview } from '../lib/messages';
import { useRealtime } from '../realtime/context';

interface Props {
  query: ConversationQuery;
  meId: string;
  selectedId?: string;
  onSelect: (id: string) => void;
}

/** The conversation list of the current view, kept live: events re-order it, add to it and drop from it. */
export function ConversationList({ query, meId, selectedId, onSelect }: Props) {
  const rt = useRealtime();
  const qc = useQueryClient();
  const key = useMemo(() => ['conversations', query] as const, [query]);
  const { data, isLoading, isError } = useQuery({
    queryKey: key,
    queryFn: async () => sortConversations((await client.conversations(query)).data),
  });

  useEffect(() => {
    const apply = (c: Conversation) => qc.setQueryData<Conversation[]>(key, (list) => applyConversation(list ?? [], c, query, meId));
    const offCreated = rt.on<Conversation>('conversation.created', apply);
    const offUpdated = rt.on<Conversation>('conversation.updated', apply);
    // Events missed while disconnected: fetch the list again.
    const offReconnected = rt.onReconnected(() => void qc.invalidateQueries({ queryKey: ['conversations'] }));
    return () => { offCreated(); offUpdated(); offReconnected(); };
  }, [rt, qc, key, query, meId]);

  if (isLoading) return <Group justify="center" p="lg"><Loader size="sm" aria-label="Loading conversations" /></Group>;
  if (isError) return <Text c="red" p="md">The conversations could not be loaded.</Text>;
  if (!data?.length) return <Text c="dimmed" p="md" ta="center">No conversations here.</Text>;

  return (
    <ul aria-label="Conversations" className="conversation-list">
      {data.map((c) => {
        const name = contactName(c.contact);
        const selected = c.id === selectedId;
        return (
          <li key={c.id} aria-label={name}>
            <UnstyledButton
              className="conversation-item"
              data-selected={selected || undefined}
              aria-current={selected ? 'true' : undefined}
              onClick={() => onSelect(c.id)}
            >
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <Avatar radius="xl" color="indigo">{initials(name)}</Avatar>
                <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                      <ChannelIcon type={c.channel_type} size={16} />
                      <Text fw={c.unread_count ? 700 : 500} size="sm" truncate>{name}</Text>
                    </Group>
                    <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>{shortTime(c.last_activity_at ?? c.last_message?.created_at ?? c.updated_at)}</Text>
                  </Group>
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Text size="xs" c="dimmed" truncate data-testid="preview">
                      {c.last_message?.private && <Icon name="lock" size={12} label="Private note" />} {preview(c.last_message)}
                    </Text>
                    {c.unread_count > 0 && (
                      <Badge size="sm" circle color="indigo" aria-label={`${c.unread_count} unread`}>{c.unread_count}</Badge>
                    )}
                  </Group>
                  {(c.labels.length > 0 || c.priority) && (
                    <Group gap={4}>
                      {c.priority && <Badge size="xs" variant="light" color={c.priority === 'urgent' || c.priority === 'high' ? 'red' : 'gray'}>{c.priority}</Badge>}
                      {c.labels.map((l) => <Badge key={l} size="xs" variant="outline">{l}</Badge>)}
                    </Group>
                  )}
                </Stack>
              </Group>
            </UnstyledButton>
          </li>
        );
      })}
    </ul>
  );
}

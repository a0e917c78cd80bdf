import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Center, Group, SegmentedControl, Select, Tabs, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { client, type ConversationPatch, type ConversationQuery } from '../api/client';
import type { Conversation, ConversationStatus, Message, MessageContent } from '../api/types';
import { ConversationList } from '../components/ConversationList';
import { Thread } from '../components/Thread';
import { Composer } from '../components/Composer';
import { ConversationActions } from '../components/ConversationActions';
import { ContactPanel } from '../components/ContactPanel';
import { useRealtime } from '../realtime/context';
import { useOnlineAgents } from '../realtime/presence';
import { CHANNEL_NAMES } from '../lib/format';

export function InboxPage({ meId }: { meId: string }) {
  const { id } = useParams();
  const navigate = useNavigate();
  const [status, setStatus] = useState<ConversationStatus>('open');
  const [assignee, setAssignee] = useState<'me' | 'unassigned' | 'all'>('all');
  const [channelId, setChannelId] = useState<string | null>(null);
  const [label, setLabel] = useState('');
  const [search, setSearch] = useState('');
  const [debouncedLabel] = useDebouncedValue(label.trim(), 300);
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const channels = useQuery({ queryKey: ['channels'], queryFn: async () => (await client.channels()).data });

  const query = useMemo<ConversationQuery>(() => ({
    status,
    assignee,
    channelId: channelId ?? undefined,
    label: debouncedLabel || undefined,
    q: debouncedSearch || undefined,
  }), [status, assignee, channelId, debouncedLabel, debouncedSearch]);

  return (
    <div className="inbox">
      <section className="inbox-list" aria-label="Conversation list">
        <div className="filters">
          <Tabs value={status} onChange={(v) => v && setStatus(v as ConversationStatus)}>
            <Tabs.List grow>
              <Tabs.Tab value="open">Open</Tabs.Tab>
              <Tabs.Tab value="pending">Pending</Tabs.Tab>
              <Tabs.Tab value="snoozed">Snoozed</Tabs.Tab>
              <Tabs.Tab value="resolved">Resolved</Tabs.Tab>
            </Tabs.List>
          </Tabs>
          <SegmentedControl
            fullWidth
            size="xs"
            mt="xs"
            aria-label="Assignee"
            value={assignee}
            onChange={(v) => setAssignee(v as typeof assignee)}
            data={[{ value: 'me', label: 'Mine' }, { value: 'unassigned', label: 'Unassigned' }, { value: 'all', label: 'All' }]}
          />
          <TextInput mt="xs" size="xs" aria-label="Search conversations" placeholder="Search contacts and messages" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
          <Group mt="xs" gap="xs" grow>
            <Select
              size="xs"
              aria-label="Channel"
              placeholder="All channels"
              clearable
              value={channelId}
              onChange={setChannelId}
              data={(channels.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${CHANNEL_NAMES[c.type]})` }))}
            />
            <TextInput size="xs" aria-label="Label" placeholder="Label" value={label} onChange={(e) => setLabel(e.currentTarget.value)} />
          </Group>
        </div>
        <div className="inbox-list-scroll">
          <ConversationList query={query} meId={meId} selectedId={id} onSelect={(cid) => navigate(`/conversations/${cid}`)} />
        </div>
      </section>
      {id ? <ConversationPane key={id} id={id} meId={meId} onOpen={(cid) => navigate(`/conversations/${cid}`)} /> : (
        <Center className="inbox-empty"><Text c="dimmed">Pick a conversation.</Text></Center>
      )}
    </div>
  );
}

function ConversationPane({ id, meId, onOpen }: { id: string; meId: string; onOpen: (id: string) => void }) {
  const rt = useRealtime();
  const qc = useQueryClient();
  const conversation = useQuery({ queryKey: ['conversation', id], queryFn: () => client.conversation(id) });
  const users = useQuery({ queryKey: ['users'], queryFn: async () => (await client.users()).data });
  const canned = useQuery({ queryKey: ['canned'], queryFn: async () => (await client.cannedResponses()).data });
  const online = useOnlineAgents();
  const [sent, setSent] = useState<Message[]>([]);

  useEffect(() => {
    const apply = (c: Conversation) => {
      if (c.id !== id) return;
      qc.setQueryData<Conversation>(['conversation', id], (old) => (!old || Date.parse(old.updated_at) <= Date.parse(c.updated_at) ? c : old));
    };
    const off = rt.on<Conversation>('conversation.updated', apply);
    const offReconnected = rt.onReconnected(() => void qc.invalidateQueries({ queryKey: ['conversation', id] }));
    return () => { off(); offReconnected(); };
  }, [rt, qc, id]);

  const update = useMutation({
    mutationFn: (patch: ConversationPatch) => client.updateConversation(id, patch),
    onSuccess: (c) => qc.setQueryData(['conversation', id], c),
  });

  const send = useCallback(async (content: MessageContent, isPrivate: boolean) => {
    const message = await client.send(id, content, isPrivate, crypto.randomUUID());
    setSent((s) => [...s, message]);
  }, [id]);

  const agentName = useCallback((uid: string | null | undefined) => users.data?.find((u) => u.id === uid)?.name ?? 'Agent', [users.data]);

  if (conversation.isError) return <Center className="inbox-empty"><Text c="red">This conversation could not be loaded.</Text></Center>;
  if (!conversation.data) return <Center className="inbox-empty"><Text c="dimmed">Loading…</Text></Center>;
  const c = conversation.data;
  return (
    <>
      <section className="conversation" aria-label="Conversation">
        <ConversationActions conversation={c} users={users.data ?? []} online={online} meId={meId} onChange={(p) => update.mutate(p)} busy={update.isPending} />
        {update.isError && <Text c="red" size="xs" px="md" role="alert">{update.error.message}</Text>}
        <Thread conversation={c} sent={sent} agentName={agentName} />
        <Composer onSend={send} onUpload={client.upload} cannedResponses={canned.data ?? []} onTyping={(t) => rt.typing(id, t)} />
      </section>
      <ContactPanel conversation={c} onOpen={onOpen} />
    </>
  );
}

import { Fragment, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Button, Center, Divider, Group, Loader, Paper, Text } from '@mantine/core';
import { client } from '../api/client';
import type { Conversation, Message, TypingEvent } from '../api/types';
import { lastSeq, mergeMessages } from '../lib/messages';
import { useRealtime } from '../realtime/context';
import { MessageBody } from './MessageBody';
import { MessageStatus } from './MessageStatus';
import { Icon } from './icons';

const PAGE = 30;

interface Props {
  conversation: Conversation;
  /** Messages this agent just sent, merged in at once (the event arrives after). */
  sent?: Message[];
  agentName?: (id: string | null | undefined) => string;
}

/**
 * A conversation's messages in seq order. History loads backwards (before_seq) as the agent scrolls up;
 * events merge in by id, so nothing shows twice; after a reconnect it resyncs from the last seq it holds.
 */
export function Thread({ conversation, sent = [], agentName = () => 'Agent' }: Props) {
  const rt = useRealtime();
  const id = conversation.id;
  const [messages, setMessages] = useState<Message[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [hasOlder, setHasOlder] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [typing, setTyping] = useState<string | null>(null);
  const [unseen, setUnseen] = useState(0);
  const [firstUnreadSeq, setFirstUnreadSeq] = useState<number | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const keepOffset = useRef<number | null>(null);
  const messagesRef = useRef<Message[]>([]);
  messagesRef.current = messages;
  const initialUnread = useRef(conversation.unread_count);
  const agentNameRef = useRef(agentName);
  agentNameRef.current = agentName;

  // First page, and the conversation's message events for this connection.
  useEffect(() => {
    let live = true;
    setMessages([]);
    setLoaded(false);
    setUnseen(0);
    setFirstUnreadSeq(null);
    atBottom.current = true;
    initialUnread.current = conversation.unread_count;
    void (async () => {
      try {
        const page = await client.messages(id, undefined, PAGE);
        if (!live) return;
        const merged = mergeMessages(messagesRef.current, page.data);
        setMessages(merged);
        setHasOlder(page.next_cursor !== null);
        setLoaded(true);
        const inbound = merged.filter((m) => m.direction === 'inbound');
        const n = initialUnread.current;
        if (n > 0 && inbound.length >= n) setFirstUnreadSeq(inbound[inbound.length - n]!.seq);
        // Events flow once joined; what arrived between the page and the join comes from a resync.
        await rt.join(id);
        const missed = await rt.resync(id, lastSeq(messagesRef.current));
        if (live) setMessages((current) => mergeMessages(current, missed));
      } catch {
        if (live) setLoaded(true);
      }
    })();
    return () => {
      live = false;
      void rt.leave(id);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new conversation id starts over; its other fields change live
  }, [id, rt]);

  useEffect(() => {
    const onMessage = (m: Message) => {
      if (m.conversation_id !== id) return;
      const isNew = !messagesRef.current.some((x) => x.id === m.id);
      setMessages((current) => mergeMessages(current, [m]));
      if (isNew && !atBottom.current) setUnseen((n) => n + 1);
      if (m.direction === 'inbound') setTyping(null);
    };
    const offCreated = rt.on<Message>('message.created', onMessage);
    const offUpdated = rt.on<Message>('message.updated', onMessage);
    let typingTimer: ReturnType<typeof setTimeout> | undefined;
    const offTyping = rt.on<TypingEvent>('typing', (e) => {
      if (e.conversation_id !== id) return;
      const who = e.contact ? (conversation.contact.name ?? 'The contact') : agentNameRef.current(e.user?.id);
      setTyping(e.is_typing ? who : null);
      clearTimeout(typingTimer);
      // A lost "stopped typing" must not leave the indicator on for ever.
      if (e.is_typing) typingTimer = setTimeout(() => setTyping(null), 8000);
    });
    const offReconnected = rt.onReconnected(() => {
      void rt.resync(id, lastSeq(messagesRef.current)).then((missed) => setMessages((current) => mergeMessages(current, missed)));
    });
    return () => { offCreated(); offUpdated(); offTyping(); offReconnected(); clearTimeout(typingTimer); };
  }, [id, rt]);

  useEffect(() => {
    if (sent.length) setMessages((current) => mergeMessages(current, sent.filter((m) => m.conversation_id === id)));
  }, [sent, id]);

  // Read up to the newest message the agent can see.
  const newest = messages.length ? messages[messages.length - 1]!.seq : 0;
  useEffect(() => {
    if (loaded && newest > 0 && atBottom.current && document.visibilityState !== 'hidden') rt.markRead(id, newest);
  }, [loaded, newest, id, rt]);

  // Stay at the bottom as messages arrive; keep the position when older ones are prepended.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (keepOffset.current !== null) {
      el.scrollTop = el.scrollHeight - keepOffset.current;
      keepOffset.current = null;
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [messages, typing]);

  const loadOlder = useCallback(async () => {
    const first = messagesRef.current[0];
    if (!first || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = await client.messages(id, first.seq, PAGE);
      keepOffset.current = scroller.current ? scroller.current.scrollHeight - scroller.current.scrollTop : null;
      setMessages((current) => mergeMessages(current, page.data));
      setHasOlder(page.next_cursor !== null);
    } finally {
      setLoadingOlder(false);
    }
  }, [id, loadingOlder]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    if (atBottom.current && unseen) {
      setUnseen(0);
      rt.markRead(id, newest);
    }
    if (el.scrollTop < 60 && hasOlder && !loadingOlder) void loadOlder();
  };

  const jumpToBottom = () => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setUnseen(0);
    rt.markRead(id, newest);
  };

  return (
    <div className="thread-wrap">
      <div className="thread" ref={scroller} onScroll={onScroll} role="log" aria-label="Messages" aria-live="polite">
        {hasOlder && (
          <Center py="xs">
            <Button variant="subtle" size="xs" onClick={() => void loadOlder()} loading={loadingOlder}>Load earlier messages</Button>
          </Center>
        )}
        {!loaded && <Center p="lg"><Loader size="sm" aria-label="Loading messages" /></Center>}
        {loaded && messages.length === 0 && <Text c="dimmed" ta="center" p="lg">No messages yet.</Text>}
        {messages.map((m) => (
          <Fragment key={m.id}>
            {m.seq === firstUnreadSeq && <Divider my="xs" color="red" label="New messages" labelPosition="center" role="separator" aria-label="New messages" />}
            <MessageItem message={m} agentName={agentName} />
          </Fragment>
        ))}
        {typing && <Text size="xs" c="dimmed" fs="italic" px="md" aria-live="polite">{typing} is typing…</Text>}
      </div>
      {unseen > 0 && (
        <Button className="unseen" size="xs" radius="xl" onClick={jumpToBottom}>
          {unseen} new message{unseen > 1 ? 's' : ''} ↓
        </Button>
      )}
    </div>
  );
}

function MessageItem({ message: m, agentName }: { message: Message; agentName: (id: string | null | undefined) => string }) {
  const kind = m.private ? 'note' : m.direction;
  const who = m.direction === 'inbound' ? 'Contact' : m.sender.type === 'agent' ? agentName(m.sender.id) : m.sender.type === 'api' ? 'API' : m.sender.type;
  const label = m.private ? 'Private note' : m.direction === 'inbound' ? 'Received message' : 'Sent message';
  return (
    <div className={`message message-${kind}${m.status === 'failed' ? ' message-failed' : ''}`} data-seq={m.seq} data-direction={m.direction} data-private={m.private || undefined}>
      <Paper className="bubble" radius="md" px="sm" py={6} aria-label={label} role="article">
        {m.private && <Text size="xs" fw={600} c="yellow.9"><Icon name="lock" size={12} /> Private note</Text>}
        <MessageBody message={m} />
        <Group gap={8} justify="flex-end" mt={2} wrap="nowrap">
          {m.direction === 'outbound' && <Text size="xs" c="dimmed">{who}</Text>}
          <Text size="xs" c="dimmed">{new Date(m.created_at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</Text>
          {m.direction === 'outbound' && !m.private && m.status !== 'failed' && <MessageStatus message={m} />}
        </Group>
        {m.status === 'failed' && <MessageStatus message={m} />}
      </Paper>
    </div>
  );
}

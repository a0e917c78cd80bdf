import { useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { ActionIcon, Badge, Button, Group, Paper, Popover, Select, SimpleGrid, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import type { CannedResponse, Media, MessageContent, UploadedMedia } from '../api/types';
import { Icon } from './icons';

export const EMOJIS = ['😀', '😂', '😊', '😍', '🤔', '😅', '😢', '😮', '👍', '👎', '👏', '🙏', '🙌', '💪', '🎉', '✅', '❌', '⚠️', '❤️', '🔥', '⭐', '👋', '📦', '⏰'];

type MediaType = 'image' | 'video' | 'audio' | 'document';

interface Attachment { type: MediaType; media: Media }

/** The kind of message a file makes: its MIME type's family, else a document. */
export function mediaTypeOf(mimeType: string): MediaType {
  const family = mimeType.split('/')[0];
  return family === 'image' || family === 'video' || family === 'audio' ? family : 'document';
}

interface Props {
  onSend: (content: MessageContent, isPrivate: boolean) => Promise<unknown> | void;
  /** Stores a file and answers where it is; without it, attachments are by URL only. */
  onUpload?: (file: File) => Promise<UploadedMedia>;
  cannedResponses?: CannedResponse[];
  onTyping?: (isTyping: boolean) => void;
  disabled?: boolean;
}

/**
 * The reply box. Enter sends, Shift+Enter starts a new line; "/" opens the canned responses; a private
 * note is seen by agents only. A file is attached with the clip button or by dropping it on the box (it is
 * uploaded at once, so sending is quick), or by URL.
 */
export function Composer({ onSend, onUpload, cannedResponses = [], onTyping, disabled }: Props) {
  const [text, setText] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const [attachment, setAttachment] = useState<Attachment | null>(null);
  const [sending, setSending] = useState(false);
  const [uploading, setUploading] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [highlight, setHighlight] = useState(0);
  const [pickerClosed, setPickerClosed] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const typingSince = useRef<number | null>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const slash = /^\/(\S*)$/.exec(text);
  const matches = useMemo(() => {
    if (!slash) return [];
    const q = slash[1]!.toLowerCase();
    return [...cannedResponses]
      .filter((r) => r.short_code.startsWith(q) || (q.length > 1 && r.content.toLowerCase().includes(q)))
      .sort((a, b) => a.short_code.localeCompare(b.short_code))
      .slice(0, 8);
  }, [slash?.[1], cannedResponses]); // eslint-disable-line react-hooks/exhaustive-deps
  const pickerOpen = !!slash && !pickerClosed && matches.length > 0;

  useEffect(() => setHighlight(0), [slash?.[1]]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => () => clearTimeout(typingTimer.current), []);

  const signalTyping = (value: string) => {
    if (!onTyping) return;
    if (value && typingSince.current === null) {
      typingSince.current = Date.now();
      onTyping(true);
    }
    clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(() => {
      if (typingSince.current !== null) onTyping(false);
      typingSince.current = null;
    }, value ? 3000 : 0);
  };

  const pick = (r: CannedResponse) => {
    setText(r.content);
    setPickerClosed(true);
    area.current?.focus();
  };

  const send = async () => {
    const body = text.trim();
    if ((!body && !attachment) || sending || uploading || disabled) return;
    const content: MessageContent = attachment
      ? { type: attachment.type, media: { ...attachment.media, ...(body ? { caption: body } : {}) } }
      : { type: 'text', text: body };
    setSending(true);
    setError(null);
    try {
      await onSend(content, isPrivate);
      setText('');
      setAttachment(null);
      signalTyping('');
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The message could not be sent.');
    } finally {
      setSending(false);
      area.current?.focus();
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (pickerOpen) {
      if (e.key === 'ArrowDown') { e.preventDefault(); setHighlight((h) => (h + 1) % matches.length); return; }
      if (e.key === 'ArrowUp') { e.preventDefault(); setHighlight((h) => (h - 1 + matches.length) % matches.length); return; }
      if (e.key === 'Enter' || e.key === 'Tab') { e.preventDefault(); pick(matches[highlight]!); return; }
      if (e.key === 'Escape') { e.preventDefault(); setPickerClosed(true); return; }
    }
    // Enter sends; Shift+Enter is a new line; Enter while an IME composes a word belongs to the IME.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };

  const attachFile = async (file: File) => {
    if (!onUpload) return;
    setUploading(file.name);
    setError(null);
    try {
      const stored = await onUpload(file);
      setAttachment({
        type: mediaTypeOf(stored.mime_type),
        media: { url: stored.url, mime_type: stored.mime_type, size: stored.size, filename: stored.filename ?? file.name },
      });
    } catch (e) {
      setError(e instanceof Error ? `${file.name}: ${e.message}` : `${file.name} could not be uploaded.`);
    } finally {
      setUploading(null);
      area.current?.focus();
    }
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    const file = e.dataTransfer.files[0];
    if (!file || !onUpload || disabled) return;
    e.preventDefault();
    void attachFile(file);
  };

  const insertEmoji = (emoji: string) => {
    const el = area.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    setText(text.slice(0, start) + emoji + text.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + emoji.length, start + emoji.length);
    });
  };

  return (
    <Paper className={`composer${isPrivate ? ' composer-private' : ''}`} p="sm" withBorder radius={0}
      onDragOver={(e) => { if (onUpload && e.dataTransfer.types.includes('Files')) e.preventDefault(); }} onDrop={onDrop}>
      {pickerOpen && (
        <Paper withBorder shadow="md" className="canned-picker" role="listbox" aria-label="Canned responses" p={4}>
          {matches.map((r, i) => (
            <div
              key={r.id}
              role="option"
              aria-selected={i === highlight}
              className="canned-option"
              onMouseDown={(e) => { e.preventDefault(); pick(r); }}
              onMouseEnter={() => setHighlight(i)}
            >
              <Text size="sm" fw={600}>/{r.short_code}</Text>
              <Text size="xs" c="dimmed" truncate>{r.content}</Text>
            </div>
          ))}
        </Paper>
      )}
      {(attachment || uploading) && (
        <Group gap="xs" mb={6}>
          {uploading
            ? <Badge variant="light" size="lg" color="gray" role="status">Uploading {uploading}…</Badge>
            : attachment && (
              <Badge variant="light" size="lg" maw="100%" aria-label="Attachment" rightSection={
                <ActionIcon size="xs" variant="transparent" aria-label="Remove attachment" onClick={() => setAttachment(null)}>✕</ActionIcon>
              }>
                {attachment.type}: {attachment.media.filename ?? attachment.media.url}
              </Badge>
            )}
        </Group>
      )}
      <Textarea
        ref={area}
        aria-label={isPrivate ? 'Private note' : 'Reply'}
        placeholder={isPrivate ? 'Write a private note (agents only)…' : 'Type a reply… Enter sends, Shift+Enter adds a line, / for canned responses'}
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setPickerClosed(false);
          signalTyping(e.currentTarget.value);
        }}
        onKeyDown={onKeyDown}
        autosize
        minRows={2}
        maxRows={8}
        disabled={disabled}
      />
      {error && <Text c="red" size="xs" mt={4} role="alert">{error}</Text>}
      <Group justify="space-between" mt={6}>
        <Group gap="xs">
          <Switch size="sm" label="Private note" checked={isPrivate} onChange={(e) => setPrivate(e.currentTarget.checked)} color="yellow" />
          <EmojiPicker onPick={insertEmoji} />
          {onUpload && <AttachFile onPick={(f) => void attachFile(f)} disabled={disabled || !!uploading} />}
          <AttachByUrl onAttach={setAttachment} />
        </Group>
        <Button onClick={() => void send()} loading={sending} disabled={disabled || !!uploading || (!text.trim() && !attachment)} color={isPrivate ? 'yellow' : 'indigo'}>
          {isPrivate ? 'Add note' : 'Send'}
        </Button>
      </Group>
    </Paper>
  );
}

function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <Popover opened={open} onChange={setOpen} position="top-start" withArrow shadow="md">
      <Popover.Target>
        <ActionIcon variant="subtle" size="lg" aria-label="Insert emoji" title="Emoji" onClick={() => setOpen((o) => !o)}><Icon name="smile" size={20} /></ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <SimpleGrid cols={8} spacing={2} role="group" aria-label="Emoji">
          {EMOJIS.map((e) => (
            <ActionIcon key={e} variant="subtle" size="lg" aria-label={e} onClick={() => { onPick(e); setOpen(false); }}>{e}</ActionIcon>
          ))}
        </SimpleGrid>
      </Popover.Dropdown>
    </Popover>
  );
}

function AttachFile({ onPick, disabled }: { onPick: (file: File) => void; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        hidden
        aria-label="File to attach"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) onPick(file);
        }}
      />
      <ActionIcon variant="subtle" size="lg" aria-label="Attach a file" title="Attach a file" disabled={disabled} onClick={() => input.current?.click()}>
        <Icon name="clip" size={20} />
      </ActionIcon>
    </>
  );
}

function AttachByUrl({ onAttach }: { onAttach: (a: Attachment) => void }) {
  const [open, setOpen] = useState(false);
  const [type, setType] = useState<MediaType>('image');
  const [url, setUrl] = useState('');
  const valid = /^https?:\/\/\S+$/.test(url);
  return (
    <Popover opened={open} onChange={setOpen} position="top-start" withArrow shadow="md" trapFocus>
      <Popover.Target>
        <ActionIcon variant="subtle" size="lg" aria-label="Attach by URL" title="Attach by URL" onClick={() => setOpen((o) => !o)}><Icon name="link" size={20} /></ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" w={280}>
          <Select label="Kind" data={['image', 'video', 'audio', 'document']} value={type} onChange={(v) => v && setType(v as MediaType)} allowDeselect={false} comboboxProps={{ withinPortal: false }} />
          <TextInput label="File URL" placeholder="https://…" value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={url && !valid ? 'An http(s) URL' : null} />
          <Button size="xs" disabled={!valid} onClick={() => { onAttach({ type, media: { url } }); setUrl(''); setOpen(false); }}>Attach</Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

import { useEffect, useState } from 'react';
import { Anchor, Button, Image, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { client } from '../api/client';
import type { Media, Message } from '../api/types';
import { httpUrl, inlineSafeBlob } from '../lib/safeMedia';
import { Icon } from './icons';

/** The content of one message: text, media (image, audio, video, document, sticker) or a location. */
export function MessageBody({ message }: { message: Message }) {
  const c = message.content;
  const media = c.media;
  switch (c.type) {
    case 'text':
      return <Text size="sm" className="message-text">{c.text}</Text>;
    case 'image':
    case 'sticker':
    case 'audio':
    case 'video':
    case 'document':
      return media ? <MediaBody message={message} media={media} /> : <Text size="sm" c="dimmed">[{c.type} without a file]</Text>;
    case 'location': {
      const l = c.location;
      if (!l) return null;
      const href = `https://www.openstreetmap.org/?mlat=${l.latitude}&mlon=${l.longitude}#map=16/${l.latitude}/${l.longitude}`;
      return (
        <Anchor href={href} target="_blank" rel="noreferrer" size="sm">
          <Icon name="pin" size={14} /> {l.name ?? 'Location'}{l.address ? `, ${l.address}` : ''} ({l.latitude.toFixed(5)}, {l.longitude.toFixed(5)})
        </Anchor>
      );
    }
    default:
      return <Text size="sm" c="dimmed">{c.text ?? `[${c.type} message]`}</Text>;
  }
}

const TRANSPARENT_GIF = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';

function MediaBody({ message, media }: { message: Message; media: Media }) {
  const type = message.content.type;
  const name = media.filename ?? media.url?.split('/').pop() ?? type;
  // Images load at once; audio, video and documents kept by the provider only when the agent asks (they can be large).
  const [wanted, setWanted] = useState(type === 'image' || type === 'sticker');
  const { src, error, loading } = useMediaSource(message, media, wanted);
  const caption = media.caption ? <Text size="sm" mt={4}>{media.caption}</Text> : null;

  if (error) {
    return <><Text size="sm" c="red">{name}: {error}</Text>{caption}</>;
  }
  if (!src) {
    return (
      <>
        <Button size="compact-sm" variant="light" loading={loading} onClick={() => setWanted(true)} leftSection={<Icon name="file" size={14} />}>
          {type === 'audio' ? 'Play audio' : type === 'video' ? 'Play video' : type === 'document' ? `Open ${name}` : `Load ${type}`}
        </Button>
        {caption}
      </>
    );
  }
  switch (type) {
    case 'audio':
      return <><audio controls src={src} aria-label={media.filename ?? 'Audio message'} preload="none" autoPlay={!media.url} />{caption}</>;
    case 'video':
      return <><video controls src={src} aria-label={media.caption ?? 'Video'} preload="none" autoPlay={!media.url} style={{ maxWidth: 280 }} />{caption}</>;
    case 'document':
      return (
        <>
          <Anchor href={src} target="_blank" rel="noreferrer" size="sm" download={media.url ? undefined : name}><Icon name="file" size={14} /> {name}</Anchor>
          {media.size ? <Text size="xs" c="dimmed">{Math.ceil(media.size / 1024)} KB</Text> : null}
          {caption}
        </>
      );
    default:
      return (
        <>
          <Anchor href={src} target="_blank" rel="noreferrer">
            <Image src={src} alt={media.caption ?? media.filename ?? 'Image'} maw={260} radius="sm" fallbackSrc={TRANSPARENT_GIF} />
          </Anchor>
          {caption}
        </>
      );
  }
}

/**
 * Where the browser finds a message's file: its public `url`, or, for media the provider keeps, an object URL of
 * what `GET /api/v1/messages/{id}/media` answered (fetched with the agent's token, once per message per session).
 */
function useMediaSource(message: Message, media: Media, wanted: boolean): { src?: string; error?: string; loading: boolean } {
  const held = !media.url && !!media.provider_media_id;
  const { data: blob, error, isFetching } = useQuery({
    queryKey: ['message-media', message.id],
    queryFn: () => client.messageMedia(message.id),
    enabled: held && wanted,
    staleTime: Infinity,
    retry: false,
  });
  const [objectUrl, setObjectUrl] = useState<string>();
  useEffect(() => {
    if (!blob) return undefined;
    const url = URL.createObjectURL(inlineSafeBlob(blob));
    setObjectUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [blob]);

  if (media.url) {
    const src = httpUrl(media.url);
    return src ? { src, loading: false } : { error: 'its address is not a web address', loading: false };
  }
  if (!held) return { error: 'the file is missing', loading: false };
  return { src: objectUrl, error: error ? (error instanceof Error ? error.message : 'not available') : undefined, loading: isFetching };
}

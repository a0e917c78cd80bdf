import { Anchor, Image, Text } from '@mantine/core';
import type { Message } from '../api/types';
import { Icon } from './icons';

/** The content of one message: text, media (image, audio, video, document, sticker) or a location. */
export function MessageBody({ message }: { message: Message }) {
  const c = message.content;
  const media = c.media;
  const caption = media?.caption ? <Text size="sm" mt={4}>{media.caption}</Text> : null;
  switch (c.type) {
    case 'text':
      return <Text size="sm" className="message-text">{c.text}</Text>;
    case 'image':
    case 'sticker':
      return media ? (
        <>
          <Anchor href={media.url} target="_blank" rel="noreferrer">
            <Image src={media.url} alt={media.caption ?? media.filename ?? 'Image'} maw={260} radius="sm" fallbackSrc="data:image/gif;base64,R0lGODlhAQABAAAAACw=" />
          </Anchor>
          {caption}
        </>
      ) : null;
    case 'audio':
      return media ? <><audio controls src={media.url} aria-label={media.filename ?? 'Audio message'} preload="none" />{caption}</> : null;
    case 'video':
      return media ? <><video controls src={media.url} aria-label={media.caption ?? 'Video'} preload="none" style={{ maxWidth: 280 }} />{caption}</> : null;
    case 'document':
      return media ? (
        <>
          <Anchor href={media.url} target="_blank" rel="noreferrer" size="sm"><Icon name="file" size={14} /> {media.filename ?? media.url.split('/').pop()}</Anchor>
          {media.size ? <Text size="xs" c="dimmed">{Math.ceil(media.size / 1024)} KB</Text> : null}
          {caption}
        </>
      ) : null;
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

import { describe, expect, it, vi, beforeEach } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { Thread } from './Thread';
import { conversation, message, renderWith } from '../test/fakes';
import { client } from '../api/client';

vi.mock('../api/client', () => ({ client: { messages: vi.fn(), messageMedia: vi.fn() } }));
const messages = vi.mocked(client.messages);
const messageMedia = vi.mocked(client.messageMedia);

const seqs = () => [...document.querySelectorAll('[data-seq]')].map((e) => Number(e.getAttribute('data-seq')));

describe('Thread', () => {
  beforeEach(() => {
    messages.mockReset();
    messageMedia.mockReset();
  });

  it('shows messages in seq order and each live message once', async () => {
    messages.mockResolvedValue({ data: [message(1), message(2)], next_cursor: null });
    const { rt } = renderWith(<Thread conversation={conversation('c-1', 1)} />);
    await waitFor(() => expect(seqs()).toEqual([1, 2]));
    expect(rt.join).toHaveBeenCalledWith('c-1');

    rt.emit('message.created', message(4));
    rt.emit('message.created', message(3));
    rt.emit('message.created', message(4));
    rt.emit('message.created', message(9, { conversation_id: 'another' }));

    expect(seqs()).toEqual([1, 2, 3, 4]);
    expect(screen.getAllByText('message 4')).toHaveLength(1);
  });

  it('resyncs after a reconnect from the last seq it holds, without duplicates', async () => {
    messages.mockResolvedValue({ data: [message(1), message(2)], next_cursor: null });
    const { rt } = renderWith(<Thread conversation={conversation('c-1', 1)} />);
    await waitFor(() => expect(seqs()).toEqual([1, 2]));
    rt.emit('message.created', message(3));
    rt.resync.mockResolvedValue([message(3), message(4), message(5)]);

    await rt.reconnect();

    await waitFor(() => expect(seqs()).toEqual([1, 2, 3, 4, 5]));
    expect(rt.resync).toHaveBeenCalledWith('c-1', 3);
  });

  it('tells inbound, outbound and private notes apart and shows delivery status with the failure reason', async () => {
    messages.mockResolvedValue({
      data: [
        message(1),
        message(2, { direction: 'outbound', sender: { type: 'agent', id: 'u' }, status: 'read' }),
        message(3, { direction: 'outbound', sender: { type: 'agent', id: 'u' }, private: true, status: 'sent', content: { type: 'text', text: 'just us' } }),
        message(4, { direction: 'outbound', sender: { type: 'agent', id: 'u' }, status: 'queued' }),
      ],
      next_cursor: null,
    });
    const { rt } = renderWith(<Thread conversation={conversation('c-1', 1)} />);
    await waitFor(() => expect(seqs()).toEqual([1, 2, 3, 4]));

    expect(screen.getAllByRole('article', { name: 'Received message' })).toHaveLength(1);
    expect(screen.getAllByRole('article', { name: 'Sent message' })).toHaveLength(2);
    const note = screen.getByRole('article', { name: 'Private note' });
    expect(within(note).getByText('just us')).toBeInTheDocument();
    expect(within(note).queryByRole('status')).toBeNull();
    expect(screen.getByRole('status', { name: 'Read' })).toBeInTheDocument();
    expect(screen.getByRole('status', { name: 'Sending' })).toBeInTheDocument();

    rt.emit('message.updated', message(4, {
      direction: 'outbound', sender: { type: 'agent', id: 'u' }, status: 'failed',
      error: { code: 'provider_rejected', message: 'Forbidden: bot was blocked by the user' },
    }));

    expect(screen.getByRole('status', { name: 'Failed: Forbidden: bot was blocked by the user' })).toBeInTheDocument();
    expect(screen.queryByRole('status', { name: 'Sending' })).toBeNull();
  });

  it('renders images, documents and locations, and marks where the unread messages start', async () => {
    messages.mockResolvedValue({
      data: [
        message(1, { content: { type: 'image', media: { url: 'http://x.test/cat.png', caption: 'A cat' } } }),
        message(2, { content: { type: 'document', media: { url: 'http://x.test/invoice.pdf', filename: 'invoice.pdf' } } }),
        message(3, { content: { type: 'location', location: { latitude: 52.52, longitude: 13.405, name: 'Office' } } }),
      ],
      next_cursor: null,
    });
    renderWith(<Thread conversation={conversation('c-1', 1, { unread_count: 2 })} />);
    await waitFor(() => expect(seqs()).toEqual([1, 2, 3]));

    expect(screen.getByRole('img', { name: 'A cat' })).toHaveAttribute('src', 'http://x.test/cat.png');
    expect(screen.getByRole('link', { name: /invoice\.pdf/ })).toHaveAttribute('href', 'http://x.test/invoice.pdf');
    expect(screen.getByRole('link', { name: /Office/ })).toBeInTheDocument();
    const marker = screen.getByRole('separator', { name: 'New messages' });
    expect(marker.nextElementSibling?.getAttribute('data-seq')).toBe('2');
  });

  it('shows media the provider keeps through the API: images at once, audio when asked, and why one failed', async () => {
    messageMedia.mockImplementation(async (id: string) => {
      if (id === 'gone') throw new Error('The provider answered 404 for the attachment.');
      return new Blob([id], { type: 'application/octet-stream' });
    });
    messages.mockResolvedValue({
      data: [
        message(1, { id: 'photo', direction: 'inbound', content: { type: 'image', media: { provider_media_id: 'wa-1', caption: 'My order' } } }),
        message(2, { id: 'voice', direction: 'inbound', content: { type: 'audio', media: { provider_media_id: 'wa-2', mime_type: 'audio/ogg' } } }),
        message(3, { id: 'gone', direction: 'inbound', content: { type: 'image', media: { provider_media_id: 'wa-3', filename: 'old.jpg' } } }),
        message(4, { id: 'doc', direction: 'inbound', content: { type: 'document', media: { provider_media_id: 'wa-4' } } }),
      ],
      next_cursor: null,
    });
    renderWith(<Thread conversation={conversation('c-1', 4)} />);

    expect(await screen.findByRole('img', { name: 'My order' })).toHaveAttribute('src', expect.stringMatching(/^blob:/));
    expect(await screen.findByText('old.jpg: The provider answered 404 for the attachment.')).toBeInTheDocument();
    expect(messageMedia.mock.calls.map((c) => c[0]).sort()).toEqual(['gone', 'photo']);
    expect(screen.getByRole('button', { name: 'Open document' })).toBeInTheDocument();

    screen.getByRole('button', { name: 'Play audio' }).click();
    await waitFor(() => expect(document.querySelector('audio')).toHaveAttribute('src', expect.stringMatching(/^blob:/)));
    expect(messageMedia).toHaveBeenCalledWith('voice');
  });

  it('loads older history before the first seq it holds', async () => {
    messages.mockResolvedValueOnce({ data: [message(31), message(32)], next_cursor: '31' });
    messages.mockResolvedValueOnce({ data: [message(29), message(30), message(31)], next_cursor: null });
    renderWith(<Thread conversation={conversation('c-1', 1)} />);
    await waitFor(() => expect(seqs()).toEqual([31, 32]));

    screen.getByRole('button', { name: 'Load earlier messages' }).click();

    await waitFor(() => expect(seqs()).toEqual([29, 30, 31, 32]));
    expect(messages).toHaveBeenLastCalledWith('c-1', 31, 30);
    expect(screen.queryByRole('button', { name: 'Load earlier messages' })).toBeNull();
  });
});

import { describe, expect, it, vi, beforeEach } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { ConversationList } from './ConversationList';
import { conversation, renderWith } from '../test/fakes';
import { client } from '../api/client';

vi.mock('../api/client', () => ({ client: { conversations: vi.fn() } }));
const conversations = vi.mocked(client.conversations);

const names = () => within(screen.getByRole('list', { name: 'Conversations' })).getAllByRole('listitem').map((li) => li.getAttribute('aria-label'));

describe('ConversationList', () => {
  beforeEach(() => conversations.mockReset());

  it('shows the most recently active conversation first, with its channel, preview and unread count', async () => {
    conversations.mockResolvedValue({
      data: [conversation('a', 1), conversation('b', 5, { unread_count: 3 }), conversation('c', 3)],
      next_cursor: null,
    });

    renderWith(<ConversationList query={{ status: 'open' }} meId="me" onSelect={() => {}} />);

    await waitFor(() => expect(names()).toEqual(['Contact b', 'Contact c', 'Contact a']));
    const b = screen.getByRole('listitem', { name: 'Contact b' });
    expect(within(b).getByLabelText('3 unread')).toBeInTheDocument();
    expect(within(b).getByRole('img', { name: 'Web chat' })).toBeInTheDocument();
    expect(within(b).getByText('last of b')).toBeInTheDocument();
  });

  it('re-orders live as messages arrive, adds new conversations and drops those that leave the view', async () => {
    conversations.mockResolvedValue({ data: [conversation('a', 1), conversation('b', 2)], next_cursor: null });
    const { rt } = renderWith(<ConversationList query={{ status: 'open' }} meId="me" onSelect={() => {}} />);
    await waitFor(() => expect(names()).toEqual(['Contact b', 'Contact a']));

    rt.emit('conversation.updated', conversation('a', 10, { unread_count: 1 }));
    await waitFor(() => expect(names()).toEqual(['Contact a', 'Contact b']));
    expect(screen.getByLabelText('1 unread')).toBeInTheDocument();

    rt.emit('conversation.created', conversation('n', 11));
    await waitFor(() => expect(names()).toEqual(['Contact n', 'Contact a', 'Contact b']));

    rt.emit('conversation.updated', conversation('b', 12, { status: 'resolved' }));
    await waitFor(() => expect(names()).toEqual(['Contact n', 'Contact a']));

    // An older copy arriving late changes nothing (the unread badge of the newer copy stays).
    rt.emit('conversation.updated', conversation('a', 0));
    await new Promise((r) => setTimeout(r, 20));
    expect(names()).toEqual(['Contact n', 'Contact a']);
    expect(screen.getByLabelText('1 unread')).toBeInTheDocument();
  });

  it('keeps "mine" to conversations assigned to me', async () => {
    conversations.mockResolvedValue({ data: [conversation('a', 1, { assignee_id: 'me' })], next_cursor: null });
    const { rt } = renderWith(<ConversationList query={{ status: 'open', assignee: 'me' }} meId="me" onSelect={() => {}} />);
    await waitFor(() => expect(names()).toEqual(['Contact a']));

    rt.emit('conversation.updated', conversation('x', 5, { assignee_id: 'someone-else' }));
    rt.emit('conversation.updated', conversation('a', 6, { assignee_id: 'someone-else' }));

    expect(await screen.findByText('No conversations here.')).toBeInTheDocument();
  });
});

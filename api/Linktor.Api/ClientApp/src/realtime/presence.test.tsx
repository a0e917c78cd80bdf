import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { client } from '../api/client';
import { renderWith } from '../test/fakes';
import { useOnlineAgents } from './presence';

vi.mock('../api/client', () => ({ client: { presence: vi.fn() } }));
const presence = vi.mocked(client.presence);

function Online() {
  const online = useOnlineAgents();
  return <output aria-label="Online">{[...online].sort().join(',')}</output>;
}

describe('useOnlineAgents', () => {
  it('starts from the API, follows presence events, and asks again after a reconnect', async () => {
    presence.mockResolvedValueOnce({ data: [{ user_id: 'ann', status: 'online' }], next_cursor: null });
    const { rt } = renderWith(<Online />);
    await waitFor(() => expect(screen.getByLabelText('Online')).toHaveTextContent('ann'));

    rt.emit('presence', { user_id: 'bea', status: 'online' });
    await waitFor(() => expect(screen.getByLabelText('Online')).toHaveTextContent('ann,bea'));
    rt.emit('presence', { user_id: 'ann', status: 'offline' });
    await waitFor(() => expect(screen.getByLabelText('Online')).toHaveTextContent(/^bea$/));

    // While disconnected, Bea left and Cy came: the events were missed, the list is asked for again.
    presence.mockResolvedValueOnce({ data: [{ user_id: 'cy', status: 'online' }], next_cursor: null });
    await rt.reconnect();
    await waitFor(() => expect(screen.getByLabelText('Online')).toHaveTextContent(/^cy$/));
    expect(presence).toHaveBeenCalledTimes(2);
  });
});

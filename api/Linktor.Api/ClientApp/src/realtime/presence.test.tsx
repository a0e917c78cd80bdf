import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import { client } from '../api/client';
import type { Page, Presence } from '../api/types';
import { renderWith } from '../test/fakes';
import { useOnlineAgents } from './presence';

vi.mock('../api/client', () => ({ client: { presence: vi.fn() } }));
const presence = vi.mocked(client.presence);

/** Who the server says is online when asked. */
let server: string[] = [];
const answer = (ids: string[]): Page<Presence> => ({ data: ids.map((user_id) => ({ user_id, status: 'online' })), next_cursor: null });

function Online() {
  const online = useOnlineAgents();
  return <output aria-label="Online">{[...online].sort().join(',')}</output>;
}

const shown = () => screen.getByLabelText('Online');

describe('useOnlineAgents', () => {
  beforeEach(() => {
    presence.mockReset();
    presence.mockImplementation(async () => answer(server));
  });

  it('starts from the API, follows presence events, and asks again after a reconnect', async () => {
    server = ['ann'];
    const { rt } = renderWith(<Online />);
    await waitFor(() => expect(shown()).toHaveTextContent('ann'));

    server = ['ann', 'bea'];
    rt.emit('presence', { user_id: 'bea', status: 'online' });
    await waitFor(() => expect(shown()).toHaveTextContent('ann,bea'));
    server = ['bea'];
    rt.emit('presence', { user_id: 'ann', status: 'offline' });
    await waitFor(() => expect(shown()).toHaveTextContent(/^bea$/));

    // While disconnected, Bea left and Cy came: the events were missed, the list is asked for again.
    server = ['cy'];
    await rt.reconnect();
    await waitFor(() => expect(shown()).toHaveTextContent(/^cy$/));
  });

  it('does not let a list answered before an event undo it', async () => {
    let answerStale: (page: Page<Presence>) => void = () => {};
    presence.mockImplementationOnce(() => new Promise((resolve) => { answerStale = resolve; }));
    const { rt } = renderWith(<Online />);
    await waitFor(() => expect(presence).toHaveBeenCalledTimes(1));

    // Bea connects while the first answer (made without her) is still on its way.
    server = ['ann', 'bea'];
    rt.emit('presence', { user_id: 'bea', status: 'online' });
    await waitFor(() => expect(shown()).toHaveTextContent('ann,bea'));
    await act(async () => {
      answerStale(answer(['ann']));
      // Not a wait for luck: the query library hands results on in a zero-delay timer, and timers run in order,
      // so once this one has run, whatever the stale answer would have done is done.
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(shown()).toHaveTextContent('ann,bea');
  });
});

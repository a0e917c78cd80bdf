import { describe, expect, it } from 'vitest';
import { mergeMessages } from './messages';
import { message } from '../test/fakes';

describe('mergeMessages', () => {
  it('keeps one copy per id, in seq order, whatever order pages and events arrive in', () => {
    const history = [message(3), message(4)];
    const events = [message(6), message(4), message(5), message(6)];
    const resync = [message(5), message(6), message(7)];

    const merged = mergeMessages(mergeMessages(mergeMessages([], history), events), resync);

    expect(merged.map((m) => m.seq)).toEqual([3, 4, 5, 6, 7]);
  });

  it('applies status updates but never moves a status backwards', () => {
    const queued = message(1, { direction: 'outbound', status: 'queued' });
    const read = { ...queued, status: 'read' as const };

    expect(mergeMessages([queued], [read])[0]!.status).toBe('read');
    expect(mergeMessages([read], [queued])[0]!.status).toBe('read');
  });
});

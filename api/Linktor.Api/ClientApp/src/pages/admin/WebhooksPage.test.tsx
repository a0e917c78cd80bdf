import { describe, expect, it, vi, beforeEach, afterEach } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { WebhooksPage } from './WebhooksPage';
import { WebhookDeliveriesPage, DELIVERIES_POLL_MS } from './WebhookDeliveriesPage';
import { renderWith } from '../../test/fakes';
import { client } from '../../api/client';
import { ApiError } from '../../api/session';
import type { Delivery, DeliveryDetail, Webhook } from '../../api/types';

vi.mock('../../api/client', () => ({
  client: {
    webhooks: vi.fn(), webhook: vi.fn(), createWebhook: vi.fn(), updateWebhook: vi.fn(), deleteWebhook: vi.fn(),
    deliveries: vi.fn(), delivery: vi.fn(), redeliver: vi.fn(),
  },
}));
const api = vi.mocked(client);

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 10, minute)).toISOString();

function webhook(id: string, over: Partial<Webhook> = {}): Webhook {
  return { id, url: `https://hooks.example.com/${id}`, events: ['message.created'], status: 'active', created_at: at(0), updated_at: at(0), ...over };
}

function delivery(id: string, over: Partial<Delivery> = {}): Delivery {
  return {
    id, webhook_id: 'w-1', event_id: `evt-${id}`, event: 'message.created', status: 'succeeded', attempt_count: 1, response_status: 200, error: null,
    created_at: at(1), last_attempt_at: at(1), next_attempt_at: null, delivered_at: at(1), ...over,
  };
}

const renderPage = () => renderWith(<MemoryRouter><WebhooksPage /></MemoryRouter>);
const renderDeliveries = () => renderWith(<MemoryRouter><WebhookDeliveriesPage webhookId="w-1" /></MemoryRouter>);
/** Puts text into a field as one paste (typing key by key is slow on a busy machine). */
async function fill(field: HTMLElement, text: string) {
  await userEvent.click(field);
  await userEvent.paste(text);
}

function rowOf(table: string, text: string): HTMLElement {
  const row = within(screen.getByRole('table', { name: table })).getAllByRole('row').find((r) => r.textContent?.includes(text));
  if (!row) throw new Error(`no row of ${table} with "${text}"`);
  return row;
}
const SECRET_ALERT = /Copy the signing secret now: you won't see it again/;

describe('WebhooksPage', { timeout: 20_000 }, () => {
  beforeEach(() => {
    for (const fn of Object.values(api)) fn.mockReset();
  });
  afterEach(() => vi.restoreAllMocks());

  it('lists the endpoints with their events, status and actions; disables, enables and deletes after confirming', async () => {
    api.webhooks.mockResolvedValue({
      data: [
        webhook('a', { events: ['message.created', 'conversation.updated'] }),
        webhook('b', { status: 'disabled' }),
      ],
      next_cursor: null,
    });
    api.updateWebhook.mockImplementation(async (id, patch) => webhook(id, patch as Partial<Webhook>));
    api.deleteWebhook.mockResolvedValue(undefined);
    renderPage();

    await screen.findByText('https://hooks.example.com/a');
    const a = rowOf('Webhooks', 'hooks.example.com/a');
    expect(within(a).getByText('message.created')).toBeInTheDocument();
    expect(within(a).getByText('conversation.updated')).toBeInTheDocument();
    expect(within(a).getByText('active')).toBeInTheDocument();
    expect(within(a).getByRole('link', { name: 'Deliveries' })).toHaveAttribute('href', '/admin/webhooks/a');
    const b = rowOf('Webhooks', 'hooks.example.com/b');
    expect(within(b).getByText('disabled')).toBeInTheDocument();

    await userEvent.click(within(a).getByRole('button', { name: 'Disable' }));
    expect(api.updateWebhook).toHaveBeenCalledWith('a', { status: 'disabled' });
    await userEvent.click(within(b).getByRole('button', { name: 'Enable' }));
    expect(api.updateWebhook).toHaveBeenCalledWith('b', { status: 'active' });

    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    await userEvent.click(within(a).getByRole('button', { name: 'Delete' }));
    expect(api.deleteWebhook).not.toHaveBeenCalled();
    await userEvent.click(within(a).getByRole('button', { name: 'Delete' }));
    expect(confirm).toHaveBeenCalledTimes(2);
    await waitFor(() => expect(api.deleteWebhook).toHaveBeenCalledWith('a', expect.anything()));
    expect(api.webhooks.mock.calls.length).toBeGreaterThan(1); // the list is fetched again after each change
  });

  it('says so when there is no webhook yet', async () => {
    api.webhooks.mockResolvedValue({ data: [], next_cursor: null });
    renderPage();
    expect(await screen.findByText('No webhooks yet.')).toBeInTheDocument();
  });

  it('validates the form: an http(s) URL and at least one event, with "All events" picking every one', async () => {
    api.webhooks.mockResolvedValue({ data: [], next_cursor: null });
    renderPage();
    const form = screen.getByRole('form', { name: 'New webhook' });
    const url = within(form).getByRole('textbox', { name: /Endpoint URL/ });

    await userEvent.click(within(form).getByRole('button', { name: 'Create webhook' }));
    expect(within(form).getByText('Enter the URL that receives the events.')).toBeInTheDocument();
    expect(within(form).getByText('Choose at least one event.')).toBeInTheDocument();

    await fill(url, 'ftp://files.example.com/drop');
    await userEvent.click(within(form).getByRole('button', { name: 'Create webhook' }));
    expect(within(form).getByText('Only http:// and https:// URLs can receive webhooks.')).toBeInTheDocument();

    await fill(within(form).getByRole('textbox', { name: /Signing secret/ }), 'too short');
    await userEvent.click(within(form).getByRole('button', { name: 'Create webhook' }));
    expect(within(form).getByText('Between 16 and 256 characters.')).toBeInTheDocument();
    await userEvent.clear(within(form).getByRole('textbox', { name: /Signing secret/ }));

    await userEvent.clear(url);
    await fill(url, 'not a url');
    await userEvent.click(within(form).getByRole('button', { name: 'Create webhook' }));
    expect(within(form).getByText(/Not a URL/)).toBeInTheDocument();
    expect(url).toHaveAttribute('aria-invalid', 'true');

    const events = within(form).getByRole('group', { name: /Events/ });
    expect(within(events).getAllByRole('checkbox').map((c) => c.getAttribute('value'))).toEqual([
      'message.created', 'message.updated', 'conversation.created', 'conversation.updated', 'contact.created', 'contact.updated', 'channel.updated',
    ]);
    const all = within(form).getByRole('checkbox', { name: 'All events' });
    await userEvent.click(all);
    for (const box of within(events).getAllByRole('checkbox')) expect(box).toBeChecked();
    expect(within(form).queryByText('Choose at least one event.')).toBeNull();
    await userEvent.click(within(form).getByRole('checkbox', { name: 'contact.updated' }));
    expect(all).not.toBeChecked();
    expect(all).toHaveAttribute('data-indeterminate', 'true');
    await userEvent.click(all);
    await userEvent.click(all);
    for (const box of within(events).getAllByRole('checkbox')) expect(box).not.toBeChecked();

    expect(api.createWebhook).not.toHaveBeenCalled();
  });

  it('creates a webhook and shows its secret once, with how to verify the signature', async () => {
    const list: Webhook[] = [];
    api.webhooks.mockImplementation(async () => ({ data: [...list], next_cursor: null }));
    api.createWebhook.mockImplementation(async (body) => {
      const w = webhook('new', { url: body.url, events: body.events });
      list.push(w);
      return { ...w, secret: 'whsec_0123456789abcdef' };
    });
    renderPage();
    const form = screen.getByRole('form', { name: 'New webhook' });

    await fill(within(form).getByRole('textbox', { name: /Endpoint URL/ }), '  https://hooks.example.com/linktor ');
    await userEvent.click(within(form).getByRole('checkbox', { name: 'message.created' }));
    await userEvent.click(within(form).getByRole('checkbox', { name: 'conversation.created' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Create webhook' }));

    expect(api.createWebhook).toHaveBeenCalledExactlyOnceWith({ url: 'https://hooks.example.com/linktor', events: ['message.created', 'conversation.created'] });
    const shown = await screen.findByRole('alert', { name: SECRET_ALERT });
    expect(within(shown).getByLabelText('Signing secret')).toHaveTextContent('whsec_0123456789abcdef');
    expect(within(shown).getByText('Linktor-Signature: t=<unix seconds>,v1=<hex>')).toBeInTheDocument();
    expect(within(shown).getByRole('button', { name: 'Copy' })).toBeInTheDocument();

    // The form is ready for the next one, and the list shows the endpoint without its secret.
    expect(within(form).getByRole('textbox', { name: /Endpoint URL/ })).toHaveValue('');
    await waitFor(() => expect(rowOf('Webhooks', 'hooks.example.com/linktor')).toBeDefined());
    expect(screen.getByRole('table', { name: 'Webhooks' })).not.toHaveTextContent('whsec_');

    await userEvent.click(within(shown).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText('whsec_0123456789abcdef')).toBeNull();
    expect(document.body).not.toHaveTextContent('whsec_0123456789abcdef');
  });

  it('sends an own secret when given one, and shows the API\'s field errors', async () => {
    api.webhooks.mockResolvedValue({ data: [], next_cursor: null });
    api.createWebhook.mockRejectedValueOnce(new ApiError(400, {
      status: 400, code: 'validation_failed', title: 'Validation failed', errors: { url: ['The host resolves to a private address.'] },
    }));
    renderPage();
    const form = screen.getByRole('form', { name: 'New webhook' });
    await fill(within(form).getByRole('textbox', { name: /Endpoint URL/ }), 'http://10.0.0.5/hook');
    await userEvent.click(within(form).getByRole('checkbox', { name: 'All events' }));
    await fill(within(form).getByRole('textbox', { name: /Signing secret/ }), 'my-own-secret-value');
    await userEvent.click(within(form).getByRole('button', { name: 'Create webhook' }));

    expect(await within(form).findByText('The host resolves to a private address.')).toBeInTheDocument();
    expect(api.createWebhook).toHaveBeenCalledWith({ url: 'http://10.0.0.5/hook', events: expect.arrayContaining(['channel.updated']), secret: 'my-own-secret-value' });
    expect(screen.queryByRole('alert', { name: SECRET_ALERT })).toBeNull();
  });

  it('edits an endpoint in a dialog, keeping the secret unless a new one is typed', async () => {
    api.webhooks.mockResolvedValue({ data: [webhook('a', { events: ['message.created', 'message.updated'] })], next_cursor: null });
    api.updateWebhook.mockImplementation(async (id, patch) => webhook(id, patch as Partial<Webhook>));
    renderPage();
    await screen.findByText('https://hooks.example.com/a');
    await userEvent.click(within(rowOf('Webhooks', 'hooks.example.com/a')).getByRole('button', { name: 'Edit' }));

    const dialog = await screen.findByRole('dialog', { name: 'Edit webhook' });
    const url = within(dialog).getByRole('textbox', { name: /Endpoint URL/ });
    expect(url).toHaveValue('https://hooks.example.com/a');
    expect(within(dialog).getByRole('checkbox', { name: 'message.updated' })).toBeChecked();
    expect(within(dialog).getByRole('checkbox', { name: 'contact.created' })).not.toBeChecked();

    await userEvent.clear(url);
    await fill(url, 'https://hooks.example.com/v2');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'message.updated' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    expect(api.updateWebhook).toHaveBeenCalledExactlyOnceWith('a', { url: 'https://hooks.example.com/v2', events: ['message.created'] });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit webhook' })).toBeNull());
  });
});

describe('WebhookDeliveriesPage', { timeout: 20_000 }, () => {
  beforeEach(() => {
    for (const fn of Object.values(api)) fn.mockReset();
    api.webhook.mockResolvedValue(webhook('w-1'));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('shows each delivery\'s event, status, attempts and last response, and filters by status', async () => {
    api.deliveries.mockImplementation(async (_id, q) => ({
      data: [
        delivery('d-3', { status: 'pending', attempt_count: 2, response_status: 503, error: 'HTTP 503 Service Unavailable: maintenance', delivered_at: null, next_attempt_at: at(9) }),
        delivery('d-2', { status: 'failed', event: 'conversation.updated', attempt_count: 12, response_status: null, error: 'timed out after 10 s', delivered_at: null }),
        delivery('d-1', { status: 'succeeded', attempt_count: 1, response_status: 204 }),
      ].filter((d) => !q.status || d.status === q.status),
      next_cursor: null,
    }));
    renderDeliveries();

    await screen.findByText('HTTP 503 Service Unavailable: maintenance');
    expect(screen.getByText('https://hooks.example.com/w-1')).toBeInTheDocument();
    const cells = (id: string) => within(document.querySelector(`[data-delivery-id="${id}"]`) as HTMLElement).getAllByRole('cell').map((c) => c.textContent);
    expect(cells('d-3').slice(0, 4)).toEqual(['message.created', 'pending', '2', 'HTTP 503 Service Unavailable: maintenance']);
    expect(cells('d-2').slice(0, 4)).toEqual(['conversation.updated', 'failed', '12', 'timed out after 10 s']);
    expect(cells('d-1').slice(0, 4)).toEqual(['message.created', 'succeeded', '1', 'HTTP 204']);
    expect(cells('d-3')[6]).toMatch(/^Next /);
    expect(cells('d-1')[6]).toMatch(/^Delivered /);

    await userEvent.click(screen.getByRole('radio', { name: 'Failed' }));
    await waitFor(() => expect(document.querySelectorAll('[data-delivery-id]')).toHaveLength(1));
    expect(api.deliveries).toHaveBeenLastCalledWith('w-1', expect.objectContaining({ status: 'failed' }));
    expect(document.querySelector('[data-delivery-id="d-2"]')).not.toBeNull();

    await userEvent.click(screen.getByRole('radio', { name: 'Pending' }));
    await waitFor(() => expect(document.querySelector('[data-delivery-id="d-3"]')).not.toBeNull());
    await userEvent.click(screen.getByRole('radio', { name: 'All' }));
    await waitFor(() => expect(document.querySelectorAll('[data-delivery-id]')).toHaveLength(3));
  });

  it('loads older deliveries by cursor', async () => {
    api.deliveries.mockImplementation(async (_id, q) => q.cursor === 'page-2'
      ? { data: [delivery('d-1', { event: 'contact.created' })], next_cursor: null }
      : { data: [delivery('d-2')], next_cursor: 'page-2' });
    renderDeliveries();
    await userEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    await screen.findByText('contact.created');
    expect(api.deliveries).toHaveBeenCalledWith('w-1', expect.objectContaining({ cursor: 'page-2' }));
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(document.querySelectorAll('[data-delivery-id]')).toHaveLength(2);
  });

  it('opens a delivery with its attempts log and pretty-printed payload, and redelivers it', async () => {
    const failed = delivery('d-1', { status: 'failed', attempt_count: 2, response_status: 500, error: null, delivered_at: null });
    api.deliveries.mockResolvedValue({ data: [failed], next_cursor: null });
    const detail: DeliveryDetail = {
      ...failed,
      payload: { id: 'evt-d-1', event: 'message.created', created_at: at(1), tenant_id: 't-1', data: { id: 'm-1', content: { type: 'text', text: 'Hello' } } },
      attempts: [
        { attempt: 1, attempted_at: at(1), response_status: null, error: 'ConnectionError: Connection refused (127.0.0.1:9)', duration_ms: 3 },
        { attempt: 2, attempted_at: at(2), response_status: 500, error: 'HTTP 500 Internal Server Error: down', duration_ms: 42 },
      ],
    };
    api.delivery.mockResolvedValue(detail);
    api.redeliver.mockResolvedValue({ ...failed, status: 'pending' });
    renderDeliveries();

    await userEvent.click(within(await waitFor(() => rowOf('Deliveries', 'message.created'))).getByRole('button', { name: 'Details' }));
    const drawer = await screen.findByRole('dialog', { name: 'Delivery details' });
    const attempts = await within(drawer).findByRole('table', { name: 'Attempts' });
    const rows = within(attempts).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(rows.map((r) => [r[0], r[2], r[3]])).toEqual([['1', 'ConnectionError: Connection refused (127.0.0.1:9)', '3 ms'], ['2', 'HTTP 500 Internal Server Error: down', '42 ms']]);
    expect(api.delivery).toHaveBeenCalledWith('w-1', 'd-1');

    const payload = within(drawer).getByLabelText('Payload');
    expect(payload.textContent).toBe(JSON.stringify(detail.payload, null, 2));
    expect(payload.textContent).toContain('\n  "tenant_id": "t-1",');
    expect(within(drawer).getByText('evt-d-1', { selector: 'code' })).toBeInTheDocument();

    const before = api.deliveries.mock.calls.length;
    await userEvent.click(within(drawer).getByRole('button', { name: 'Redeliver' }));
    expect(api.redeliver).toHaveBeenCalledExactlyOnceWith('w-1', 'd-1');
    expect(await within(drawer).findByRole('status')).toHaveTextContent(/Queued again/);
    await waitFor(() => expect(api.deliveries.mock.calls.length).toBeGreaterThan(before));
  });

  it('picks up new deliveries by itself while open, and on Refresh', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const shown = [delivery('d-1')];
    api.deliveries.mockImplementation(async () => ({ data: [...shown], next_cursor: null }));
    renderDeliveries();
    await screen.findByText('HTTP 200');
    expect(screen.queryByText('contact.updated')).toBeNull();

    shown.unshift(delivery('d-2', { event: 'contact.updated', status: 'pending', attempt_count: 0, response_status: null, delivered_at: null, last_attempt_at: null }));
    await act(async () => { await vi.advanceTimersByTimeAsync(DELIVERIES_POLL_MS + 100); });
    await screen.findByText('contact.updated');
    expect(document.querySelector('[data-delivery-id="d-2"]')).toHaveAttribute('data-status', 'pending');

    vi.useRealTimers();
    shown[0] = { ...shown[0]!, status: 'succeeded', attempt_count: 1, response_status: 200 };
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(document.querySelector('[data-delivery-id="d-2"]')).toHaveAttribute('data-status', 'succeeded'));
  });
});

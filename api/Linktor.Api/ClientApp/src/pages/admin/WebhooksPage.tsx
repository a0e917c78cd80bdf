import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert, Badge, Button, Checkbox, Code, CopyButton, Group, Modal, Paper, Stack, Table, Text, TextInput, Title,
} from '@mantine/core';
import { client } from '../../api/client';
import type { ApiError } from '../../api/session';
import { WEBHOOK_EVENTS, type Webhook, type WebhookCreated } from '../../api/types';
import { dateTime, webhookSecretError, webhookUrlError } from '../../lib/webhooks';

export function WebhooksPage() {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['webhooks'], queryFn: async () => (await client.webhooks()).data });
  const [created, setCreated] = useState<WebhookCreated | null>(null);
  const [editing, setEditing] = useState<Webhook | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['webhooks'] });
  const toggle = useMutation({
    mutationFn: (w: Webhook) => client.updateWebhook(w.id, { status: w.status === 'active' ? 'disabled' : 'active' }),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: client.deleteWebhook, onSuccess: refresh });
  const failure = toggle.error ?? remove.error;

  return (
    <Stack p="lg" maw={1100}>
      <Title order={1} size="h3">Webhooks</Title>
      <Text c="dimmed" size="sm">
        Linktor POSTs each chosen event as JSON to your endpoint, signed with the endpoint's secret. A non-2xx answer or a timeout is
        retried with exponential backoff for at least 24 hours, and every attempt is logged under Deliveries. A disabled endpoint
        gets no new deliveries; its pending ones wait until it is enabled again.
      </Text>
      <Paper withBorder p="md">
        <Title order={2} size="h5" mb="xs">New webhook</Title>
        <WebhookForm label="New webhook" onSaved={(w) => { setCreated(w as WebhookCreated); void refresh(); }} />
      </Paper>
      {created?.secret && <SecretOnce webhook={created} onClose={() => setCreated(null)} />}
      {failure && <Text c="red" size="sm" role="alert">{failure.message}</Text>}
      <Table striped highlightOnHover aria-label="Webhooks">
        <Table.Thead>
          <Table.Tr><Table.Th>URL</Table.Th><Table.Th>Events</Table.Th><Table.Th>Status</Table.Th><Table.Th>Created</Table.Th><Table.Th>Actions</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.data ?? []).map((w) => (
            <Table.Tr key={w.id} data-webhook-id={w.id}>
              <Table.Td><Code style={{ wordBreak: 'break-all' }}>{w.url}</Code></Table.Td>
              <Table.Td>
                <Group gap={4}>{w.events.map((e) => <Badge key={e} variant="outline" size="sm" tt="none">{e}</Badge>)}</Group>
              </Table.Td>
              <Table.Td><Badge variant="light" color={w.status === 'active' ? 'green' : 'gray'}>{w.status}</Badge></Table.Td>
              <Table.Td><Text size="xs">{dateTime(w.created_at)}</Text></Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button size="xs" variant="light" component={Link} to={`/admin/webhooks/${w.id}`}>Deliveries</Button>
                  <Button size="xs" variant="subtle" onClick={() => setEditing(w)}>Edit</Button>
                  <Button size="xs" variant="subtle" color={w.status === 'active' ? 'orange' : 'green'}
                    loading={toggle.isPending && toggle.variables?.id === w.id} onClick={() => toggle.mutate(w)}>
                    {w.status === 'active' ? 'Disable' : 'Enable'}
                  </Button>
                  <Button size="xs" variant="subtle" color="red"
                    onClick={() => window.confirm(`Delete the webhook to ${w.url}? Its delivery log goes with it.`) && remove.mutate(w.id)}>
                    Delete
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
          {list.isSuccess && list.data.length === 0 && (
            <Table.Tr><Table.Td colSpan={5}><Text c="dimmed" size="sm">No webhooks yet.</Text></Table.Td></Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title="Edit webhook" size="lg">
        {editing && (
          <WebhookForm label="Edit webhook" webhook={editing} onSaved={() => { setEditing(null); void refresh(); }} onCancel={() => setEditing(null)} />
        )}
      </Modal>
    </Stack>
  );
}

type FieldErrors = Partial<Record<'url' | 'events' | 'secret', string>>;

/** Creates a webhook, or edits one when given `webhook` (an empty secret then keeps the current one). */
export function WebhookForm({ label, webhook, onSaved, onCancel }: {
  label: string;
  webhook?: Webhook;
  onSaved: (w: Webhook | WebhookCreated) => void;
  onCancel?: () => void;
}) {
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [events, setEvents] = useState<string[]>(webhook?.events ?? []);
  const [secret, setSecret] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: () => {
      const body = { url: url.trim(), events, ...(secret.trim() ? { secret: secret.trim() } : {}) };
      return webhook ? client.updateWebhook(webhook.id, body) : client.createWebhook(body);
    },
    onSuccess: (w) => {
      if (!webhook) { setUrl(''); setEvents([]); }
      setSecret('');
      onSaved(w);
    },
    onError: (e) => {
      const server = (e as ApiError).problem?.errors ?? {};
      setErrors({ url: server.url?.[0], events: (server.events ?? Object.entries(server).find(([k]) => k.startsWith('events['))?.[1])?.[0], secret: server.secret?.[0] });
    },
  });
  const submit = () => {
    const found: FieldErrors = {
      url: webhookUrlError(url) ?? undefined,
      events: events.length ? undefined : 'Choose at least one event.',
      secret: webhookSecretError(secret.trim()) ?? undefined,
    };
    setErrors(found);
    if (!found.url && !found.events && !found.secret) save.mutate();
  };
  const all = events.length === WEBHOOK_EVENTS.length;
  const fieldErrors = errors.url || errors.events || errors.secret;

  return (
    <form aria-label={label} noValidate onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <Stack gap="sm">
        <TextInput
          label="Endpoint URL" required placeholder="https://example.com/hooks/linktor" value={url} error={errors.url}
          onChange={(e) => { setUrl(e.currentTarget.value); if (errors.url) setErrors({ ...errors, url: undefined }); }}
        />
        <Checkbox
          label="All events" checked={all} indeterminate={events.length > 0 && !all}
          onChange={() => { setEvents(all ? [] : [...WEBHOOK_EVENTS]); setErrors({ ...errors, events: undefined }); }}
        />
        <Checkbox.Group
          label="Events" required value={events} error={errors.events}
          onChange={(v) => { setEvents(WEBHOOK_EVENTS.filter((e) => v.includes(e))); setErrors({ ...errors, events: undefined }); }}
        >
          <Group gap="md" mt={4}>
            {WEBHOOK_EVENTS.map((e) => <Checkbox key={e} value={e} label={e} />)}
          </Group>
        </Checkbox.Group>
        <TextInput
          label={webhook ? 'New signing secret (optional)' : 'Signing secret (optional)'}
          description={webhook ? 'Leave empty to keep the current secret; a new one applies at once.' : '16–256 characters. Leave empty and Linktor generates one (whsec_…), shown once after saving.'}
          value={secret} error={errors.secret} autoComplete="off" spellCheck={false}
          onChange={(e) => { setSecret(e.currentTarget.value); if (errors.secret) setErrors({ ...errors, secret: undefined }); }}
        />
        {save.isError && !fieldErrors && <Text c="red" size="sm" role="alert">{save.error.message}</Text>}
        <Group gap="xs">
          <Button type="submit" loading={save.isPending}>{webhook ? 'Save changes' : 'Create webhook'}</Button>
          {onCancel && <Button variant="default" onClick={onCancel}>Cancel</Button>}
        </Group>
      </Stack>
    </form>
  );
}

/** The signing secret, right after creation: the only time the API returns it. */
function SecretOnce({ webhook, onClose }: { webhook: WebhookCreated; onClose: () => void }) {
  return (
    <Alert color="yellow" title="Copy the signing secret now: you won't see it again" withCloseButton closeButtonLabel="Dismiss" onClose={onClose}>
      <Stack gap="xs">
        <Text size="sm">For <Code>{webhook.url}</Code>. Linktor never shows this secret again; if it is lost, set a new one with Edit.</Text>
        <Group gap="xs">
          <Code aria-label="Signing secret" fz="sm">{webhook.secret}</Code>
          <CopyButton value={webhook.secret}>{({ copied, copy }) => <Button size="compact-xs" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>
        </Group>
        <Text size="sm" fw={600}>Verifying a delivery</Text>
        <Text size="sm">
          Each POST carries <Code>Linktor-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</Code>. Compute HMAC-SHA256 with this secret over
          {' '}<Code>&lt;t&gt;.&lt;raw request body&gt;</Code>, hex-encode it and compare it with <Code>v1</Code> in constant time; refuse
          a <Code>t</Code> more than a few minutes old. <Code>Linktor-Event</Code> names the event and <Code>Linktor-Delivery</Code> the
          delivery; a retry sends the same delivery id and body <Code>id</Code>, so use them to drop duplicates.
        </Text>
        <Code block>{`const [t, v1] = req.headers['linktor-signature'].split(',').map((p) => p.split('=')[1]);
const expected = crypto.createHmac('sha256', secret).update(\`\${t}.\${rawBody}\`).digest('hex');
const ok = expected.length === v1.length && crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(v1));`}</Code>
      </Stack>
    </Alert>
  );
}

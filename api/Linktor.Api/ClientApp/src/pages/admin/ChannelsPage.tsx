import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Code, CopyButton, Group, Paper, PasswordInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { client } from '../../api/client';
import type { Channel } from '../../api/types';
import { CHANNEL_NAMES } from '../../lib/format';
import { ChannelIcon } from '../../components/icons';

interface Field { key: string; label: string; secret?: boolean; required?: boolean; placeholder?: string }

/** What each channel type needs: config is shown back, credentials are write-only. */
const FORMS: Record<'webchat' | 'whatsapp' | 'telegram' | 'sms', { config: Field[]; credentials: Field[] }> = {
  webchat: {
    config: [
      { key: 'title', label: 'Widget title', placeholder: 'Chat with us' },
      { key: 'welcome_message', label: 'Welcome message' },
      { key: 'color', label: 'Colour', placeholder: '#4c6ef5' },
      { key: 'allowed_origins', label: 'Allowed origins', placeholder: 'https://example.com, https://www.example.com' },
    ],
    credentials: [],
  },
  whatsapp: {
    config: [
      { key: 'phone_number_id', label: 'Phone number id', required: true },
      { key: 'business_account_id', label: 'Business account id', required: true },
      { key: 'api_base_url', label: 'API base URL', placeholder: 'https://graph.facebook.com/v21.0' },
    ],
    credentials: [
      { key: 'access_token', label: 'Access token', secret: true, required: true },
      { key: 'app_secret', label: 'App secret', secret: true, required: true },
      { key: 'verify_token', label: 'Verify token', secret: true, required: true },
    ],
  },
  telegram: {
    config: [{ key: 'api_base_url', label: 'API base URL', placeholder: 'https://api.telegram.org' }],
    credentials: [
      { key: 'bot_token', label: 'Bot token', secret: true, required: true },
      { key: 'secret_token', label: 'Secret token (optional)', secret: true },
    ],
  },
  sms: {
    config: [
      { key: 'account_sid', label: 'Account SID', required: true },
      { key: 'from', label: 'From number', placeholder: '+15551234567' },
      { key: 'messaging_service_sid', label: 'or Messaging service SID' },
      { key: 'api_base_url', label: 'API base URL', placeholder: 'https://api.twilio.com' },
    ],
    credentials: [{ key: 'auth_token', label: 'Auth token', secret: true, required: true }],
  },
};

type FormType = keyof typeof FORMS;

export function ChannelsPage() {
  const qc = useQueryClient();
  const channels = useQuery({ queryKey: ['channels'], queryFn: async () => (await client.channels()).data });
  const [created, setCreated] = useState<Channel | null>(null);
  const [tests, setTests] = useState<Record<string, { ok: boolean; detail: string }>>({});
  const test = useMutation({
    mutationFn: (id: string) => client.testChannel(id),
    onSuccess: (r, id) => setTests((t) => ({ ...t, [id]: r })),
    onError: (e, id) => setTests((t) => ({ ...t, [id]: { ok: false, detail: e.message } })),
  });
  const remove = useMutation({ mutationFn: client.deleteChannel, onSuccess: () => qc.invalidateQueries({ queryKey: ['channels'] }) });

  return (
    <Stack p="lg" maw={1100}>
      <Title order={1} size="h3">Channels</Title>
      <NewChannelForm onCreated={(c) => { setCreated(c); void qc.invalidateQueries({ queryKey: ['channels'] }); }} />
      {created && <ChannelDetails channel={created} />}
      <Table striped highlightOnHover aria-label="Channels">
        <Table.Thead><Table.Tr><Table.Th>Channel</Table.Th><Table.Th>Status</Table.Th><Table.Th>Webhook URL</Table.Th><Table.Th>Actions</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {(channels.data ?? []).map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td><ChannelIcon type={c.type} /> <b>{c.name}</b> <Text span size="xs" c="dimmed">{CHANNEL_NAMES[c.type]}</Text></Table.Td>
              <Table.Td><Badge variant="light" color={c.status === 'active' ? 'green' : 'gray'}>{c.status}</Badge></Table.Td>
              <Table.Td><Code style={{ wordBreak: 'break-all' }}>{c.webhook_url}</Code></Table.Td>
              <Table.Td>
                <Group gap="xs">
                  <Button size="xs" variant="light" onClick={() => test.mutate(c.id)} loading={test.isPending && test.variables === c.id}>Test connection</Button>
                  <Button size="xs" variant="subtle" onClick={() => setCreated(c)}>Details</Button>
                  <Button size="xs" variant="subtle" color="red" onClick={() => window.confirm(`Delete ${c.name}?`) && remove.mutate(c.id)}>Delete</Button>
                </Group>
                {tests[c.id] && <Text size="xs" c={tests[c.id]!.ok ? 'green' : 'red'} role="status">{tests[c.id]!.ok ? '✓' : '✗'} {tests[c.id]!.detail}</Text>}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function ChannelDetails({ channel }: { channel: Channel }) {
  return (
    <Alert title={`${channel.name}: how to connect it`} color="indigo" variant="light">
      <Stack gap="xs">
        <div>
          <Text size="sm" fw={600}>Webhook URL (paste into the provider)</Text>
          <Group gap="xs"><Code>{channel.webhook_url}</Code><CopyButton value={channel.webhook_url ?? ''}>{({ copied, copy }) => <Button size="compact-xs" variant="subtle" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton></Group>
        </div>
        {channel.widget_snippet && (
          <div>
            <Text size="sm" fw={600}>Widget snippet (paste into your site)</Text>
            <Group gap="xs"><Code block aria-label="Widget snippet">{channel.widget_snippet}</Code><CopyButton value={channel.widget_snippet}>{({ copied, copy }) => <Button size="compact-xs" variant="subtle" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton></Group>
          </div>
        )}
      </Stack>
    </Alert>
  );
}

function NewChannelForm({ onCreated }: { onCreated: (c: Channel) => void }) {
  const [type, setType] = useState<FormType>('webchat');
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const form = FORMS[type];
  const create = useMutation({
    mutationFn: () => {
      const pick = (fields: Field[]) => Object.fromEntries(fields.map((f) => [f.key, values[f.key]?.trim() ?? '']).filter(([, v]) => v));
      return client.createChannel({ type, name: name.trim(), config: pick(form.config), credentials: pick(form.credentials) });
    },
    onSuccess: (c) => { setName(''); setValues({}); onCreated(c); },
  });
  const field = (f: Field) => {
    const props = {
      key: f.key, label: f.label, required: f.required, placeholder: f.placeholder, value: values[f.key] ?? '',
      onChange: (e: React.ChangeEvent<HTMLInputElement>) => setValues({ ...values, [f.key]: e.currentTarget.value }),
      error: (create.error as { problem?: { errors?: Record<string, string[]> } } | null)?.problem?.errors?.[`${f.secret ? 'credentials' : 'config'}.${f.key}`]?.[0],
    };
    return f.secret ? <PasswordInput {...props} /> : <TextInput {...props} />;
  };
  return (
    <Paper withBorder p="md" component="form" aria-label="New channel" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
      <Title order={2} size="h5" mb="xs">New channel</Title>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select label="Type" data={Object.keys(FORMS).map((t) => ({ value: t, label: CHANNEL_NAMES[t as FormType] }))} value={type} onChange={(v) => { if (v) { setType(v as FormType); setValues({}); } }} allowDeselect={false} w={160} />
        <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} w={220} />
      </Group>
      <Group align="flex-start" gap="sm" wrap="wrap" mt="xs">
        {form.config.map(field)}
        {form.credentials.map(field)}
      </Group>
      {create.isError && <Text c="red" size="sm" mt="xs" role="alert">{create.error.message}</Text>}
      <Button type="submit" mt="sm" loading={create.isPending} disabled={!name.trim()}>Create channel</Button>
    </Paper>
  );
}

import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Code, CopyButton, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { client } from '../../api/client';
import type { ApiKey } from '../../api/types';

export function ApiKeysPage() {
  const qc = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: async () => (await client.apiKeys()).data });
  const [name, setName] = useState('');
  const [admin, setAdmin] = useState(false);
  const [shown, setShown] = useState<ApiKey | null>(null);
  const create = useMutation({
    mutationFn: () => client.createApiKey({ name: name.trim(), scopes: [admin ? 'admin' : 'agent'] }),
    onSuccess: (k) => { setShown(k); setName(''); void qc.invalidateQueries({ queryKey: ['api-keys'] }); },
  });
  const revoke = useMutation({ mutationFn: client.deleteApiKey, onSuccess: () => qc.invalidateQueries({ queryKey: ['api-keys'] }) });
  return (
    <Stack p="lg" maw={900}>
      <Title order={1} size="h3">API keys</Title>
      <Paper withBorder p="md" component="form" aria-label="New API key" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <Group align="flex-end">
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Checkbox label="Admin scope" checked={admin} onChange={(e) => setAdmin(e.currentTarget.checked)} mb={8} />
          <Button type="submit" loading={create.isPending} disabled={!name.trim()}>Create key</Button>
        </Group>
      </Paper>
      {shown?.key && (
        <Alert color="yellow" title="Copy this key now: it is shown only once" withCloseButton onClose={() => setShown(null)}>
          <Group gap="xs"><Code aria-label="New API key">{shown.key}</Code>
            <CopyButton value={shown.key}>{({ copied, copy }) => <Button size="compact-xs" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>
          </Group>
        </Alert>
      )}
      <Table striped aria-label="API keys">
        <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Key</Table.Th><Table.Th>Scopes</Table.Th><Table.Th>Created</Table.Th><Table.Th /></Table.Tr></Table.Thead>
        <Table.Tbody>
          {(keys.data ?? []).map((k) => (
            <Table.Tr key={k.id}>
              <Table.Td>{k.name}</Table.Td><Table.Td><Code>{k.prefix}…</Code></Table.Td><Table.Td>{k.scopes.join(', ')}</Table.Td>
              <Table.Td><Text size="xs">{new Date(k.created_at).toLocaleString()}</Text></Table.Td>
              <Table.Td><Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate(k.id)}>Revoke</Button></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

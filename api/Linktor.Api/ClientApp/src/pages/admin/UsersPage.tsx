import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Group, Paper, PasswordInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { client } from '../../api/client';
import { PresenceDot } from '../../components/PresenceDot';
import { useOnlineAgents } from '../../realtime/presence';

export function UsersPage({ meId }: { meId: string }) {
  const qc = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: async () => (await client.users()).data });
  const online = useOnlineAgents();
  const [draft, setDraft] = useState({ email: '', name: '', role: 'agent', password: '' });
  const refresh = () => qc.invalidateQueries({ queryKey: ['users'] });
  const create = useMutation({ mutationFn: () => client.createUser(draft), onSuccess: () => { setDraft({ email: '', name: '', role: 'agent', password: '' }); void refresh(); } });
  const update = useMutation({ mutationFn: (a: { id: string; patch: { role?: string; status?: string } }) => client.updateUser(a.id, a.patch), onSuccess: refresh });
  return (
    <Stack p="lg" maw={1000}>
      <Title order={1} size="h3">Users and roles</Title>
      <Paper withBorder p="md" component="form" aria-label="New user" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <Group align="flex-end" wrap="wrap">
          <TextInput label="Name" required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} />
          <TextInput label="Email" type="email" required value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.currentTarget.value })} />
          <Select label="Role" data={['agent', 'admin']} value={draft.role} onChange={(v) => v && setDraft({ ...draft, role: v })} allowDeselect={false} w={110} />
          <PasswordInput label="Password" required value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.currentTarget.value })} />
          <Button type="submit" loading={create.isPending}>Add user</Button>
        </Group>
        {create.isError && <Text c="red" size="sm" mt="xs" role="alert">{create.error.message}</Text>}
      </Paper>
      {update.isError && <Text c="red" size="sm" role="alert">{update.error.message}</Text>}
      <Table striped aria-label="Users">
        <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Email</Table.Th><Table.Th>Role</Table.Th><Table.Th>Status</Table.Th><Table.Th /></Table.Tr></Table.Thead>
        <Table.Tbody>
          {(users.data ?? []).map((u) => (
            <Table.Tr key={u.id}>
              <Table.Td><Group gap={6} wrap="nowrap"><PresenceDot online={online.has(u.id)} />{u.name}{u.id === meId ? ' (me)' : ''}</Group></Table.Td>
              <Table.Td>{u.email}</Table.Td>
              <Table.Td>
                <Select size="xs" aria-label={`Role of ${u.name}`} data={['agent', 'admin']} value={u.role} allowDeselect={false} w={100}
                  onChange={(v) => v && v !== u.role && update.mutate({ id: u.id, patch: { role: v } })} />
              </Table.Td>
              <Table.Td><Badge variant="light" color={u.status === 'active' ? 'green' : 'gray'}>{u.status}</Badge></Table.Td>
              <Table.Td>
                {u.id !== meId && (
                  <Button size="xs" variant="subtle" onClick={() => update.mutate({ id: u.id, patch: { status: u.status === 'active' ? 'disabled' : 'active' } })}>
                    {u.status === 'active' ? 'Disable' : 'Enable'}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

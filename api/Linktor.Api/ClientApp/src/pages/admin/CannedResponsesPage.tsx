import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Code, Group, Paper, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { client } from '../../api/client';

export function CannedResponsesPage({ isAdmin }: { isAdmin: boolean }) {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['canned'], queryFn: async () => (await client.cannedResponses()).data });
  const [shortCode, setShortCode] = useState('');
  const [content, setContent] = useState('');
  const create = useMutation({
    mutationFn: () => client.createCannedResponse({ short_code: shortCode, content }),
    onSuccess: () => { setShortCode(''); setContent(''); void qc.invalidateQueries({ queryKey: ['canned'] }); },
  });
  const remove = useMutation({ mutationFn: client.deleteCannedResponse, onSuccess: () => qc.invalidateQueries({ queryKey: ['canned'] }) });
  return (
    <Stack p="lg" maw={900}>
      <Title order={1} size="h3">Canned responses</Title>
      <Text c="dimmed" size="sm">Type <Code>/</Code> and the short code in the reply box to insert one.</Text>
      {isAdmin && (
        <Paper withBorder p="md" component="form" aria-label="New canned response" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
          <Group align="flex-start">
            <TextInput label="Short code" required value={shortCode} onChange={(e) => setShortCode(e.currentTarget.value)} w={160} />
            <Textarea label="Content" required value={content} onChange={(e) => setContent(e.currentTarget.value)} autosize minRows={1} style={{ flex: 1 }} />
          </Group>
          {create.isError && <Text c="red" size="sm" role="alert">{create.error.message}</Text>}
          <Button type="submit" mt="sm" loading={create.isPending}>Save</Button>
        </Paper>
      )}
      <Table striped aria-label="Canned responses">
        <Table.Tbody>
          {(list.data ?? []).map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td><Code>/{r.short_code}</Code></Table.Td><Table.Td>{r.content}</Table.Td>
              <Table.Td>{isAdmin && <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(r.id)}>Delete</Button>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

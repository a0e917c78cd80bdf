import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Anchor, Badge, Button, Code, CopyButton, Drawer, Group, Loader, SegmentedControl, Stack, Table, Text, Title,
} from '@mantine/core';
import { client } from '../../api/client';
import type { Delivery, DeliveryDetail, DeliveryStatus } from '../../api/types';
import { DELIVERY_COLORS, dateTime, responseSummary } from '../../lib/webhooks';

/** How often the open view asks for new deliveries (and for the open delivery's attempts). */
export const DELIVERIES_POLL_MS = 5_000;
const PAGE_SIZE = 25;

type Filter = 'all' | DeliveryStatus;

export function WebhookDeliveriesPage({ webhookId }: { webhookId: string }) {
  const qc = useQueryClient();
  const webhook = useQuery({ queryKey: ['webhook', webhookId], queryFn: () => client.webhook(webhookId) });
  const [filter, setFilter] = useState<Filter>('all');
  const [openId, setOpenId] = useState<string | null>(null);
  const deliveries = useInfiniteQuery({
    queryKey: ['webhook-deliveries', webhookId, filter],
    queryFn: ({ pageParam }) => client.deliveries(webhookId, { status: filter === 'all' ? undefined : filter, cursor: pageParam, limit: PAGE_SIZE }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: DELIVERIES_POLL_MS,
  });
  // Newest first; a delivery that moved between pages while polling is shown once.
  const rows = useMemo(() => {
    const seen = new Set<string>();
    return (deliveries.data?.pages ?? []).flatMap((p) => p.data).filter((d) => !seen.has(d.id) && !!seen.add(d.id));
  }, [deliveries.data]);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['webhook-deliveries', webhookId] });
    void qc.invalidateQueries({ queryKey: ['webhook-delivery', webhookId] });
  };

  return (
    <Stack p="lg" maw={1200}>
      <Anchor component={Link} to="/admin/webhooks" size="sm">← All webhooks</Anchor>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h3">Deliveries</Title>
          {webhook.data && (
            <Group gap="xs" mt={4}>
              <Code style={{ wordBreak: 'break-all' }}>{webhook.data.url}</Code>
              <Badge variant="light" color={webhook.data.status === 'active' ? 'green' : 'gray'}>{webhook.data.status}</Badge>
            </Group>
          )}
          {webhook.isError && <Text c="red" size="sm" role="alert">{webhook.error.message}</Text>}
        </div>
        <Group gap="sm">
          <SegmentedControl
            aria-label="Delivery status" value={filter} onChange={(v) => setFilter(v as Filter)}
            data={[{ value: 'all', label: 'All' }, { value: 'pending', label: 'Pending' }, { value: 'succeeded', label: 'Succeeded' }, { value: 'failed', label: 'Failed' }]}
          />
          <Button variant="default" onClick={refresh} loading={deliveries.isFetching && !deliveries.isFetchingNextPage}>Refresh</Button>
        </Group>
      </Group>
      <Text c="dimmed" size="xs">Newest first, refreshed every {DELIVERIES_POLL_MS / 1000} s while this page is open.</Text>
      {deliveries.isError && <Text c="red" size="sm" role="alert">{deliveries.error.message}</Text>}
      <Table striped highlightOnHover aria-label="Deliveries">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Event</Table.Th><Table.Th>Status</Table.Th><Table.Th>Attempts</Table.Th><Table.Th>Last response</Table.Th>
            <Table.Th>Created</Table.Th><Table.Th>Last attempt</Table.Th><Table.Th>Next attempt / delivered</Table.Th><Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((d) => (
            <Table.Tr key={d.id} data-delivery-id={d.id} data-status={d.status}>
              <Table.Td><Code>{d.event}</Code></Table.Td>
              <Table.Td><DeliveryBadge status={d.status} /></Table.Td>
              <Table.Td>{d.attempt_count}</Table.Td>
              <Table.Td maw={320}>
                <Text size="xs" lineClamp={2} title={responseSummary(d.response_status, d.error)} style={{ overflowWrap: 'anywhere' }}
                  c={d.status === 'succeeded' ? undefined : (d.response_status != null || d.error) ? 'red' : 'dimmed'}>
                  {responseSummary(d.response_status, d.error)}
                </Text>
              </Table.Td>
              <Table.Td><Text size="xs">{dateTime(d.created_at)}</Text></Table.Td>
              <Table.Td><Text size="xs">{dateTime(d.last_attempt_at)}</Text></Table.Td>
              <Table.Td><Text size="xs">{d.delivered_at ? `Delivered ${dateTime(d.delivered_at)}` : d.next_attempt_at ? `Next ${dateTime(d.next_attempt_at)}` : '—'}</Text></Table.Td>
              <Table.Td><Button size="xs" variant="subtle" onClick={() => setOpenId(d.id)}>Details</Button></Table.Td>
            </Table.Tr>
          ))}
          {deliveries.isSuccess && rows.length === 0 && (
            <Table.Tr><Table.Td colSpan={8}><Text c="dimmed" size="sm">{filter === 'all' ? 'No deliveries yet.' : `No ${filter} deliveries.`}</Text></Table.Td></Table.Tr>
          )}
          {deliveries.isPending && (
            <Table.Tr><Table.Td colSpan={8}><Loader size="sm" aria-label="Loading deliveries" /></Table.Td></Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      {deliveries.hasNextPage && (
        <Button variant="default" onClick={() => void deliveries.fetchNextPage()} loading={deliveries.isFetchingNextPage} style={{ alignSelf: 'center' }}>
          Load more
        </Button>
      )}
      <Drawer opened={openId !== null} onClose={() => setOpenId(null)} position="right" size="xl" title="Delivery details">
        {openId && <DeliveryDetails webhookId={webhookId} delivery={rows.find((d) => d.id === openId)} deliveryId={openId} onChanged={refresh} />}
      </Drawer>
    </Stack>
  );
}

function DeliveryBadge({ status }: { status: DeliveryStatus }) {
  return <Badge variant="light" color={DELIVERY_COLORS[status]} data-delivery-status={status}>{status}</Badge>;
}

function DeliveryDetails({ webhookId, deliveryId, delivery, onChanged }: {
  webhookId: string; deliveryId: string; delivery?: Delivery; onChanged: () => void;
}) {
  const detail = useQuery({
    queryKey: ['webhook-delivery', webhookId, deliveryId],
    queryFn: () => client.delivery(webhookId, deliveryId),
    refetchInterval: DELIVERIES_POLL_MS,
  });
  const redeliver = useMutation({ mutationFn: () => client.redeliver(webhookId, deliveryId), onSuccess: onChanged });
  const d: Delivery | DeliveryDetail | undefined = detail.data ?? delivery;
  if (!d) return detail.isError ? <Text c="red" size="sm" role="alert">{detail.error.message}</Text> : <Loader size="sm" />;
  const attempts = detail.data?.attempts ?? [];
  const payload = detail.data ? JSON.stringify(detail.data.payload, null, 2) : null;

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Group gap="xs"><Code fz="md">{d.event}</Code><DeliveryBadge status={d.status} /></Group>
        <Button onClick={() => redeliver.mutate()} loading={redeliver.isPending} variant="light">Redeliver</Button>
      </Group>
      {redeliver.isSuccess && <Text size="sm" c="indigo" role="status">Queued again: it is being sent now.</Text>}
      {redeliver.isError && <Text c="red" size="sm" role="alert">{redeliver.error.message}</Text>}
      <Table withRowBorders={false} verticalSpacing={2} fz="sm" aria-label="Delivery summary">
        <Table.Tbody>
          <Table.Tr><Table.Th w={140}>Delivery id</Table.Th><Table.Td><Code>{d.id}</Code></Table.Td></Table.Tr>
          <Table.Tr><Table.Th>Event id</Table.Th><Table.Td><Code>{d.event_id}</Code></Table.Td></Table.Tr>
          <Table.Tr><Table.Th>Attempts</Table.Th><Table.Td>{d.attempt_count}</Table.Td></Table.Tr>
          <Table.Tr><Table.Th>Created</Table.Th><Table.Td>{dateTime(d.created_at)}</Table.Td></Table.Tr>
          {d.delivered_at && <Table.Tr><Table.Th>Delivered</Table.Th><Table.Td>{dateTime(d.delivered_at)}</Table.Td></Table.Tr>}
          {!d.delivered_at && d.next_attempt_at && <Table.Tr><Table.Th>Next attempt</Table.Th><Table.Td>{dateTime(d.next_attempt_at)}</Table.Td></Table.Tr>}
        </Table.Tbody>
      </Table>

      <div>
        <Title order={3} size="h6" mb={4}>Attempts</Title>
        {detail.isError && <Text c="red" size="sm" role="alert">{detail.error.message}</Text>}
        <Table striped aria-label="Attempts" fz="sm">
          <Table.Thead><Table.Tr><Table.Th>#</Table.Th><Table.Th>Time</Table.Th><Table.Th>Response</Table.Th><Table.Th>Duration</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {attempts.map((a) => (
              <Table.Tr key={a.attempt} data-response-status={a.response_status ?? ''}>
                <Table.Td>{a.attempt}</Table.Td>
                <Table.Td>{dateTime(a.attempted_at)}</Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}
                    c={a.response_status != null && a.response_status >= 200 && a.response_status < 300 && !a.error ? 'green' : 'red'}>
                    {responseSummary(a.response_status, a.error)}
                  </Text>
                </Table.Td>
                <Table.Td>{a.duration_ms} ms</Table.Td>
              </Table.Tr>
            ))}
            {detail.isSuccess && attempts.length === 0 && (
              <Table.Tr><Table.Td colSpan={4}><Text c="dimmed" size="sm">Not attempted yet.</Text></Table.Td></Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </div>

      <div>
        <Group justify="space-between" mb={4}>
          <Title order={3} size="h6">Payload</Title>
          {payload && <CopyButton value={payload}>{({ copied, copy }) => <Button size="compact-xs" variant="subtle" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>}
        </Group>
        {payload ? <Code block aria-label="Payload" style={{ maxHeight: 420, overflow: 'auto' }}>{payload}</Code> : <Loader size="sm" />}
      </div>
    </Stack>
  );
}

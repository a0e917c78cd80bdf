import { Badge, Button, Group, Menu, Select, TagsInput, Text, Title } from '@mantine/core';
import type { Conversation, Priority, User } from '../api/types';
import type { ConversationPatch } from '../api/client';
import { contactName } from '../lib/format';
import { ChannelIcon } from './icons';
import { PresenceDot } from './PresenceDot';

const STATUS_COLORS = { open: 'green', pending: 'orange', snoozed: 'grape', resolved: 'gray' } as const;

interface Props {
  conversation: Conversation;
  users: User[];
  /** Agents online now: marked in the assignee list. */
  online?: ReadonlySet<string>;
  meId: string;
  onChange: (patch: ConversationPatch) => void;
  busy?: boolean;
}

function snoozeUntil(kind: 'hour' | 'tomorrow' | 'week'): string {
  const d = new Date();
  if (kind === 'hour') d.setHours(d.getHours() + 1);
  else {
    d.setDate(d.getDate() + (kind === 'tomorrow' ? 1 : 7));
    d.setHours(9, 0, 0, 0);
  }
  return d.toISOString();
}

/** The conversation header: who and where, and the actions every other agent sees live. */
export function ConversationActions({ conversation: c, users, online = new Set(), meId, onChange, busy }: Props) {
  const active = users.filter((u) => u.status === 'active');
  return (
    <div className="conversation-header">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <ChannelIcon type={c.channel_type} size={22} />
          <Title order={2} size="h4" lineClamp={1}>{contactName(c.contact)}</Title>
          <Badge color={STATUS_COLORS[c.status]} variant="light" role="status" aria-label={`Status: ${c.status}`}>{c.status}</Badge>
          {c.status === 'snoozed' && c.snoozed_until && <Text size="xs" c="dimmed">until {new Date(c.snoozed_until).toLocaleString()}</Text>}
        </Group>
        <Group gap="xs">
          {c.assignee_id !== meId && <Button size="xs" variant="light" onClick={() => onChange({ assignee_id: meId })} disabled={busy}>Assign to me</Button>}
          {c.status === 'resolved'
            ? <Button size="xs" variant="light" color="green" onClick={() => onChange({ status: 'open' })} disabled={busy}>Reopen</Button>
            : <Button size="xs" color="green" onClick={() => onChange({ status: 'resolved' })} disabled={busy}>Resolve</Button>}
          <Menu position="bottom-end" withinPortal>
            <Menu.Target><Button size="xs" variant="default" disabled={busy}>Snooze</Button></Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => onChange({ status: 'snoozed', snoozed_until: snoozeUntil('hour') })}>For an hour</Menu.Item>
              <Menu.Item onClick={() => onChange({ status: 'snoozed', snoozed_until: snoozeUntil('tomorrow') })}>Until tomorrow</Menu.Item>
              <Menu.Item onClick={() => onChange({ status: 'snoozed', snoozed_until: snoozeUntil('week') })}>Until next week</Menu.Item>
            </Menu.Dropdown>
          </Menu>
          {c.status !== 'pending' && c.status !== 'resolved' && (
            <Button size="xs" variant="default" onClick={() => onChange({ status: 'pending' })} disabled={busy}>Mark pending</Button>
          )}
        </Group>
      </Group>
      <Group gap="xs" mt={8} wrap="wrap" align="flex-end">
        <Select
          size="xs"
          label="Assignee"
          placeholder="Unassigned"
          data={active.map((u) => ({ value: u.id, label: u.id === meId ? `${u.name} (me)` : u.name }))}
          renderOption={({ option }) => (
            <Group gap={6} wrap="nowrap">
              <PresenceDot online={online.has(option.value)} />
              <Text size="xs">{option.label}</Text>
            </Group>
          )}
          value={c.assignee_id ?? null}
          onChange={(v) => onChange({ assignee_id: v })}
          clearable
          w={180}
        />
        <Select
          size="xs"
          label="Priority"
          placeholder="None"
          data={['low', 'medium', 'high', 'urgent']}
          value={c.priority ?? null}
          onChange={(v) => onChange({ priority: (v as Priority | null) })}
          clearable
          w={120}
        />
        <TagsInput
          size="xs"
          label="Labels"
          placeholder="Add a label"
          value={c.labels}
          onChange={(labels) => onChange({ labels: labels.map((l) => l.trim().toLowerCase()).filter(Boolean) })}
          style={{ flex: 1, minWidth: 180 }}
        />
      </Group>
    </div>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Badge, Divider, Loader, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { client } from '../api/client';
import type { Conversation } from '../api/types';
import { CHANNEL_NAMES, contactName, shortTime } from '../lib/format';
import { ChannelIcon, Icon } from './icons';
import { preview } from '../lib/messages';

/** Who the contact is: profile, identities per channel, custom attributes and their other conversations. */
export function ContactPanel({ conversation, onOpen }: { conversation: Conversation; onOpen: (id: string) => void }) {
  const contactId = conversation.contact.id;
  const contact = useQuery({ queryKey: ['contact', contactId], queryFn: () => client.contact(contactId) });
  const history = useQuery({ queryKey: ['contact-conversations', contactId], queryFn: () => client.conversations({ contactId }) });
  const c = contact.data;
  return (
    <aside className="contact-panel" aria-label="Contact">
      <Title order={3} size="h5">Contact</Title>
      {!c ? <Loader size="xs" aria-label="Loading contact" /> : (
        <Stack gap={4} mt="xs">
          <Text fw={600}>{contactName(c)}</Text>
          {c.email && <Text size="sm"><Icon name="mail" size={14} label="Email" /> {c.email}</Text>}
          {c.phone && <Text size="sm"><Icon name="phone" size={14} label="Phone" /> {c.phone}</Text>}
          {c.labels.length > 0 && <div>{c.labels.map((l) => <Badge key={l} size="xs" mr={4} variant="outline">{l}</Badge>)}</div>}
          <Divider my="xs" label="Identities" labelPosition="left" />
          {c.identities.map((i) => (
            <Text size="xs" key={`${i.channel_id}/${i.external_id}`} title={i.external_id}>
              <ChannelIcon type={i.channel_type} size={14} /> {CHANNEL_NAMES[i.channel_type]}: <code>{i.external_id.length > 24 ? `${i.external_id.slice(0, 24)}…` : i.external_id}</code>
            </Text>
          ))}
          {Object.keys(c.custom_attributes).length > 0 && (
            <>
              <Divider my="xs" label="Attributes" labelPosition="left" />
              <Table fz="xs" withRowBorders={false}>
                <Table.Tbody>
                  {Object.entries(c.custom_attributes).map(([k, v]) => (
                    <Table.Tr key={k}><Table.Td c="dimmed">{k}</Table.Td><Table.Td>{v}</Table.Td></Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
        </Stack>
      )}
      <Divider my="sm" label="Conversations" labelPosition="left" />
      <Stack gap={4}>
        {history.data?.data.map((h) => (
          <UnstyledButton key={h.id} onClick={() => onOpen(h.id)} className="history-item" aria-current={h.id === conversation.id ? 'true' : undefined}>
            <Text size="xs" fw={500}><ChannelIcon type={h.channel_type} size={14} /> {h.status} · {shortTime(h.last_activity_at ?? h.updated_at)}</Text>
            <Text size="xs" c="dimmed" truncate>{preview(h.last_message)}</Text>
          </UnstyledButton>
        ))}
      </Stack>
    </aside>
  );
}

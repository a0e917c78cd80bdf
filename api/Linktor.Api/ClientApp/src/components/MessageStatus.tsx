import { Text, Tooltip } from '@mantine/core';
import type { Message } from '../api/types';
import { Icon, type IconName } from './icons';

const LABELS: Record<Message['status'], string> = { queued: 'Sending', sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Failed' };
const MARKS: Record<Message['status'], IconName> = { queued: 'clock', sent: 'check', delivered: 'checks', read: 'checks', failed: 'alert' };

/** Delivery status of an outbound message; a failure names its reason (the provider's error message). */
export function MessageStatus({ message }: { message: Message }) {
  const { status } = message;
  if (status === 'failed') {
    const reason = message.error?.message ?? 'The message could not be delivered.';
    return (
      <Text size="xs" c="red" role="status" aria-label={`Failed: ${reason}`} className="message-status message-failure" data-status="failed" mt={2}>
        <Icon name="alert" size={12} /> Failed: {reason}
      </Text>
    );
  }
  return (
    <Tooltip label={LABELS[status]}>
      <Text size="xs" c={status === 'read' ? 'blue' : 'dimmed'} role="status" aria-label={LABELS[status]} className="message-status" data-status={status}>
        <Icon name={MARKS[status]} size={12} /> {LABELS[status]}
      </Text>
    </Tooltip>
  );
}

/** Green when the agent has the inbox open somewhere, grey when not; says so to screen readers too. */
export function PresenceDot({ online }: { online: boolean }) {
  const label = online ? 'online' : 'offline';
  return <span className={`presence-dot presence-${label}`} role="img" aria-label={label} title={label} />;
}

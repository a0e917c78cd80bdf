import type { ChannelType } from '../api/types';
import { CHANNEL_NAMES } from '../lib/format';

// A few line icons as inline SVG (Tabler-style, 24×24, stroke): no icon font, no network, no emoji font needed.
const PATHS = {
  message: ['M4 20l1.3-3.9A9 8 0 1 1 7.7 19.3z'],
  plane: ['M10 14l11-11', 'M21 3l-6.5 18a.55.55 0 0 1-1 0l-3.5-7l-7-3.5a.55.55 0 0 1 0-1l18-6.5'],
  phone: ['M5 4h4l2 5l-2.5 1.5a11 11 0 0 0 5 5l1.5-2.5l5 2v4a2 2 0 0 1-2 2a16 16 0 0 1-15-15a2 2 0 0 1 2-2'],
  mobile: ['M8 3h8a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-8a2 2 0 0 1-2-2v-14a2 2 0 0 1 2-2z', 'M11 4h2', 'M12 17v.01'],
  mail: ['M5 5h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2h-14a2 2 0 0 1-2-2v-10a2 2 0 0 1 2-2z', 'M3 7l9 6l9-6'],
  camera: ['M5 7h1a2 2 0 0 0 2-2a1 1 0 0 1 1-1h6a1 1 0 0 1 1 1a2 2 0 0 0 2 2h1a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-14a2 2 0 0 1-2-2v-9a2 2 0 0 1 2-2', 'M9 13a3 3 0 1 0 6 0a3 3 0 0 0-6 0'],
  plug: ['M9.785 6l8.215 8.215l-2.054 2.054a5.81 5.81 0 1 1-8.215-8.215l2.054-2.054z', 'M4 20l3.5-3.5', 'M15 4l-3.5 3.5', 'M20 9l-3.5 3.5'],
  clip: ['M15 7l-6.5 6.5a1.5 1.5 0 0 0 3 3l6.5-6.5a3 3 0 0 0-6-6l-6.5 6.5a4.5 4.5 0 0 0 9 9l6.5-6.5'],
  link: ['M9 15l6-6', 'M11 6l.463-.536a5 5 0 0 1 7.071 7.072l-.534.464', 'M13 18l-.397.534a5.068 5.068 0 0 1-7.127 0a4.972 4.972 0 0 1 0-7.071l.524-.463'],
  smile: ['M3 12a9 9 0 1 0 18 0a9 9 0 1 0-18 0', 'M9 10h.01', 'M15 10h.01', 'M9.5 15a3.5 3.5 0 0 0 5 0'],
  lock: ['M7 11h10a2 2 0 0 1 2 2v6a2 2 0 0 1-2 2h-10a2 2 0 0 1-2-2v-6a2 2 0 0 1 2-2z', 'M8 11v-4a4 4 0 1 1 8 0v4'],
  check: ['M5 12l5 5l10-10'],
  checks: ['M7 12l5 5l10-10', 'M2 12l5 5m5-5l5-5'],
  clock: ['M3 12a9 9 0 1 0 18 0a9 9 0 1 0-18 0', 'M12 7v5l3 3'],
  alert: ['M12 9v4', 'M10.363 3.591l-8.106 13.534a1.914 1.914 0 0 0 1.636 2.871h16.214a1.914 1.914 0 0 0 1.636-2.87l-8.106-13.536a1.914 1.914 0 0 0-3.274 0z', 'M12 16h.01'],
  file: ['M14 3v4a1 1 0 0 0 1 1h4', 'M17 21h-10a2 2 0 0 1-2-2v-14a2 2 0 0 1 2-2h7l5 5v11a2 2 0 0 1-2 2z'],
  pin: ['M9 11a3 3 0 1 0 6 0a3 3 0 0 0-6 0', 'M17.657 16.657l-4.243 4.243a2 2 0 0 1-2.827 0l-4.244-4.243a8 8 0 1 1 11.314 0z'],
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16, label, color = 'currentColor' }: { name: IconName; size?: number; label?: string; color?: string }) {
  return (
    <svg
      width={size} height={size} viewBox="0 0 24 24" fill="none" stroke={color} strokeWidth={2} strokeLinecap="round" strokeLinejoin="round"
      role={label ? 'img' : undefined} aria-label={label} aria-hidden={label ? undefined : true} style={{ verticalAlign: 'middle', flexShrink: 0 }}
    >
      {PATHS[name].map((d) => <path key={d} d={d} />)}
    </svg>
  );
}

const CHANNEL_STYLE: Record<ChannelType, { icon: IconName; color: string }> = {
  webchat: { icon: 'message', color: '#4c6ef5' },
  whatsapp: { icon: 'phone', color: '#25a35a' },
  telegram: { icon: 'plane', color: '#229ed9' },
  sms: { icon: 'mobile', color: '#f08c00' },
  messenger: { icon: 'message', color: '#0866ff' },
  instagram: { icon: 'camera', color: '#d6249f' },
  rcs: { icon: 'message', color: '#1a73e8' },
  email: { icon: 'mail', color: '#495057' },
  voice: { icon: 'phone', color: '#7048e8' },
  grpc: { icon: 'plug', color: '#495057' },
};

/** A channel's badge: a coloured disc with its glyph, named for screen readers. */
export function ChannelIcon({ type, size = 18 }: { type: ChannelType; size?: number }) {
  const { icon, color } = CHANNEL_STYLE[type];
  return (
    <span
      role="img" aria-label={CHANNEL_NAMES[type]} title={CHANNEL_NAMES[type]}
      style={{ display: 'inline-flex', alignItems: 'center', justifyContent: 'center', width: size, height: size, borderRadius: '50%', background: color, flexShrink: 0, verticalAlign: 'middle' }}
    >
      <Icon name={icon} size={Math.round(size * 0.62)} color="white" />
    </span>
  );
}

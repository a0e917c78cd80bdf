import type { DeliveryStatus } from '../api/types';

/** Why a subscriber URL is refused before it reaches the API, or null when it is fine. */
export function webhookUrlError(raw: string): string | null {
  const value = raw.trim();
  if (!value) return 'Enter the URL that receives the events.';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Not a URL: enter an http:// or https:// address.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Only http:// and https:// URLs can receive webhooks.';
  if (!url.hostname) return 'The URL needs a host.';
  return null;
}

/** The API's rule for an own signing secret (16–256 characters, no spaces), or null when it is fine. */
export function webhookSecretError(secret: string): string | null {
  if (!secret) return null;
  if (secret.length < 16 || secret.length > 256) return 'Between 16 and 256 characters.';
  if (/[\s\p{Cc}]/u.test(secret)) return 'No spaces.';
  return null;
}

export const DELIVERY_COLORS: Record<DeliveryStatus, string> = { pending: 'yellow', succeeded: 'green', failed: 'red' };

/**
 * "HTTP 200"; "HTTP 500 Internal Server Error: <body>" (the API's error already names the status);
 * "No answer within 10 s"; or "—" before the first attempt.
 */
export function responseSummary(status: number | null | undefined, error: string | null | undefined): string {
  if (status == null) return error || '—';
  if (!error) return `HTTP ${status}`;
  return error.startsWith(`HTTP ${status}`) ? error : `HTTP ${status} · ${error}`;
}

export function dateTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/**
 * What a message's file may become in the inbox. The inbox runs with the agent's token, and a file's URL and type
 * come from whoever sent it (a contact, a provider, an API client): only http(s) URLs become links or sources, and a
 * held file is shown under its declared type only when a browser cannot run that type; anything else becomes a
 * download, never a page of the inbox's origin (an object URL opened in a new tab runs as this origin).
 */

/** Types a browser shows without running anything (the server's inline list for `/media/{id}`). */
const INLINE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'video/', 'audio/', 'application/pdf'];

/** The URL when it is an absolute http(s) URL, else undefined (`javascript:`, `data:`, relative, garbage). */
export function httpUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a browser may show this type in place. */
export function isInlineType(type: string): boolean {
  const t = (type.toLowerCase().split(';')[0] ?? '').trim();
  return INLINE_TYPES.some((inline) => (inline.endsWith('/') ? t.startsWith(inline) : t === inline));
}

/** The blob as the browser may safely hold it behind an object URL: its own type when inline, else a plain download. */
export function inlineSafeBlob(blob: Blob): Blob {
  return isInlineType(blob.type) ? blob : new Blob([blob], { type: 'application/octet-stream' });
}

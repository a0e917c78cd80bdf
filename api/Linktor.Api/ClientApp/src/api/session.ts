import type { Problem, TokenResponse, User } from './types';

/**
 * A signed-in agent: the short-lived access token and who they are, kept in localStorage so a reload stays signed
 * in. The refresh token is not here: the server keeps it in an HttpOnly cookie (scoped to /api/v1/auth) that no
 * script, and so no injected one, can read; `refresh` and `logout` send it by themselves.
 */
export interface Session { accessToken: string; expiresAt: number; user: User }

const STORAGE_KEY = 'linktor.session';
// Refresh this long before the access token expires, so no request (or hub reconnect) carries a dead token.
const REFRESH_MARGIN_MS = 60_000;

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

type Listener = (session: Session | null) => void;

class SessionStore {
  private session: Session | null = load();
  private refreshing: Promise<Session | null> | null = null;
  private listeners = new Set<Listener>();

  constructor() {
    // Another tab signed in, out, or rotated the tokens: follow it, or this tab would present a spent
    // refresh token, which the server treats as theft and answers by ending the whole session.
    if (typeof window !== 'undefined') {
      window.addEventListener('storage', (e) => {
        if (e.key !== STORAGE_KEY) return;
        this.session = load();
        for (const l of this.listeners) l(this.session);
      });
    }
  }

  get current(): Session | null { return this.session; }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(tokens: TokenResponse): Session {
    // The body's refresh_token is for API clients; the browser's stays in its cookie.
    this.session = {
      accessToken: tokens.access_token,
      expiresAt: Date.now() + tokens.expires_in * 1000,
      user: tokens.user,
    };
    this.save();
    return this.session;
  }

  setUser(user: User) {
    if (this.session) {
      this.session = { ...this.session, user };
      this.save();
    }
  }

  clear() {
    this.session = null;
    this.save();
  }

  /** An access token good for at least a minute, refreshing first when needed; null when signed out. */
  async freshToken(): Promise<string | null> {
    const s = this.session;
    if (!s) return null;
    if (s.expiresAt - Date.now() > REFRESH_MARGIN_MS) return s.accessToken;
    return (await this.refresh())?.accessToken ?? null;
  }

  /** Trades the refresh cookie for a new pair; concurrent callers share one request (a refresh token is single-use). */
  refresh(): Promise<Session | null> {
    this.refreshing ??= this.acrossTabs(async () => {
      // A tab that refreshed while this one waited for the lock left fresh tokens behind: use them.
      const stored = load();
      if (stored && this.session && stored.accessToken !== this.session.accessToken && stored.expiresAt - Date.now() > REFRESH_MARGIN_MS) {
        this.session = stored;
        return stored;
      }
      const s = this.session;
      if (!s) return null;
      try {
        // No refresh_token in the body: the HttpOnly cookie carries it (same origin, so fetch sends it).
        const r = await fetch('/api/v1/auth/refresh', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        if (r.status === 401 || r.status === 403 || r.status === 400) {
          this.clear();
          return null;
        }
        if (!r.ok) return this.session; // a passing failure (429, 5xx): keep the session and try later
        return this.set(await r.json() as TokenResponse);
      } catch {
        return this.session; // offline: keep the session; the next call retries
      }
    }).finally(() => { this.refreshing = null; });
    return this.refreshing;
  }

  /** One refresh at a time across this browser's tabs (Web Locks), since a refresh token is single-use. */
  private acrossTabs<T>(work: () => Promise<T>): Promise<T> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    return locks ? (locks.request('linktor.session.refresh', work) as Promise<T>) : work();
  }

  private save() {
    if (this.session) localStorage.setItem(STORAGE_KEY, JSON.stringify(this.session));
    else localStorage.removeItem(STORAGE_KEY);
    for (const l of this.listeners) l(this.session);
  }
}

function load(): Session | null {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    // An older inbox kept the refresh token here too: drop it (the cookie has replaced it).
    const stored = JSON.parse(raw) as Session & { refreshToken?: string };
    const kept: Session = { accessToken: stored.accessToken, expiresAt: stored.expiresAt, user: stored.user };
    if (stored.refreshToken !== undefined) localStorage.setItem(STORAGE_KEY, JSON.stringify(kept));
    return kept;
  } catch {
    return null;
  }
}

export const session = new SessionStore();

async function problemOf(r: Response): Promise<Problem> {
  try {
    return await r.json() as Problem;
  } catch {
    return { status: r.status, title: r.statusText };
  }
}

/** fetch with the agent's bearer token (refreshed before expiry, and once more on a 401); problems as ApiError. */
async function authorizedFetch(path: string, init: { method?: string; body?: BodyInit; headers?: Record<string, string> } = {}): Promise<Response> {
  const send = async (token: string | null) => fetch(path, {
    method: init.method ?? 'GET',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers },
    body: init.body,
  });
  let r = await send(await session.freshToken());
  if (r.status === 401 && session.current) {
    const renewed = await session.refresh();
    if (renewed) r = await send(renewed.accessToken);
  }
  if (!r.ok) throw new ApiError(r.status, await problemOf(r));
  return r;
}

/** An API call: JSON in and out (a FormData body goes as multipart). */
export async function api<T>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const form = init.body instanceof FormData ? init.body : null;
  const r = await authorizedFetch(path, {
    method: init.method,
    headers: { ...(init.body === undefined || form ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: form ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  if (r.status === 204) return undefined as T;
  const text = await r.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A file the API serves only to a signed-in agent (an image tag cannot send the token). */
export async function apiBlob(path: string): Promise<Blob> {
  return (await authorizedFetch(path)).blob();
}

export async function login(email: string, password: string, tenant?: string): Promise<Session> {
  const r = await fetch('/api/v1/auth/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, ...(tenant ? { tenant } : {}) }),
  });
  if (!r.ok) throw new ApiError(r.status, await problemOf(r));
  return session.set(await r.json() as TokenResponse);
}

export async function logout(): Promise<void> {
  const s = session.current;
  if (s) {
    try {
      // Ends the session and clears its refresh cookie.
      await fetch('/api/v1/auth/logout', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${s.accessToken}` },
        body: '{}',
      });
    } catch {
      // signing out locally is what matters; the server session expires on its own
    }
  }
  session.clear();
}

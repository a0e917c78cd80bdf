import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, logout, session } from './session';
import type { TokenResponse } from './types';

const user = { id: 'u1', email: 'a@b.c', name: 'A', role: 'agent' as const, status: 'active' as const, created_at: '' };
const tokens = (access: string, refresh: string, expiresIn = 900): TokenResponse =>
  ({ access_token: access, refresh_token: refresh, expires_in: expiresIn, token_type: 'Bearer', user });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('session', () => {
  afterEach(() => { vi.unstubAllGlobals(); session.clear(); });

  it('refreshes once on a 401 and retries the request with the new token', async () => {
    session.set(tokens('old-access', 'refresh-1'));
    const calls: string[] = [];
    let refreshRequest: RequestInit | undefined;
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
      const auth = (init.headers as Record<string, string>).authorization ?? '';
      calls.push(`${url} ${auth}`);
      if (url === '/api/v1/auth/refresh') {
        refreshRequest = init;
        return json(200, tokens('new-access', 'refresh-2'));
      }
      return auth === 'Bearer new-access' ? json(200, { ok: true }) : json(401, { status: 401, code: 'unauthorized' });
    }));

    await expect(api('/api/v1/me')).resolves.toEqual({ ok: true });
    expect(calls).toEqual(['/api/v1/me Bearer old-access', '/api/v1/auth/refresh ', '/api/v1/me Bearer new-access']);
    expect(session.current?.accessToken).toBe('new-access');
    // The refresh token travels in the HttpOnly cookie, which the browser sends: none in the body.
    expect(refreshRequest?.credentials).toBe('same-origin');
    expect(JSON.parse(refreshRequest?.body as string)).toEqual({});
  });

  it('never keeps a refresh token where scripts can read it', () => {
    session.set(tokens('access', 'secret-refresh-token'));

    expect(JSON.stringify(session.current)).not.toContain('secret-refresh-token');
    expect(localStorage.getItem('linktor.session')).not.toContain('secret-refresh-token');
    expect(localStorage.getItem('linktor.session')).toContain('access');
  });

  it('drops the refresh token an older inbox left in localStorage', () => {
    localStorage.setItem('linktor.session', JSON.stringify({ accessToken: 'a', refreshToken: 'left-behind', expiresAt: Date.now() + 900_000, user }));
    window.dispatchEvent(new StorageEvent('storage', { key: 'linktor.session' }));

    expect(session.current?.accessToken).toBe('a');
    expect(localStorage.getItem('linktor.session')).not.toContain('left-behind');
  });

  it('logs out with the cookie, sending no refresh token itself, and forgets the session', async () => {
    session.set(tokens('access', 'refresh-1'));
    const logoutCall = vi.fn(async (_url: string, _init: RequestInit) => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', logoutCall);

    await logout();

    const [url, init] = logoutCall.mock.calls[0]!;
    expect(url).toBe('/api/v1/auth/logout');
    expect(init.credentials).toBe('same-origin');
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer access');
    expect(init.body).toBe('{}');
    expect(session.current).toBeNull();
  });

  it('refreshes before a request when the access token is about to expire, sharing one refresh between callers', async () => {
    session.set(tokens('expiring', 'refresh-1', 10));
    const refreshes = vi.fn(async () => json(200, tokens('fresh', 'refresh-2')));
    vi.stubGlobal('fetch', vi.fn(async (url: string) => (url === '/api/v1/auth/refresh' ? refreshes() : json(200, {}))));

    await Promise.all([api('/a'), api('/b'), api('/c')]);

    expect(refreshes).toHaveBeenCalledTimes(1);
    expect(session.current?.accessToken).toBe('fresh');
  });

  it('signs out when the refresh token is refused', async () => {
    session.set(tokens('old', 'spent'));
    vi.stubGlobal('fetch', vi.fn(async () => json(401, { status: 401, code: 'unauthorized' })));

    await expect(api('/api/v1/me')).rejects.toMatchObject({ status: 401 });
    expect(session.current).toBeNull();
  });
});

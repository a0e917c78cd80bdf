// A little typed-by-convention client for the REST API, as an agent.
export async function signIn(baseUrl, email, password) {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) {
    throw new Error(`login: ${response.status} ${await response.text()}`);
  }
  const { access_token: token } = await response.json();
  const call = async (method, route, body) => {
    const r = await fetch(`${baseUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) {
      throw new Error(`${method} ${route}: ${r.status} ${text}`);
    }
    return text ? JSON.parse(text) : null;
  };
  return {
    get: (route) => call('GET', route),
    post: (route, body) => call('POST', route, body),
    patch: (route, body) => call('PATCH', route, body),
  };
}

/** Polls until predicate(value) holds, or fails with `because` after the deadline. */
export async function eventually(read, predicate, because, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (predicate(last)) {
      return last;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${because} (last value: ${JSON.stringify(last)})`);
}

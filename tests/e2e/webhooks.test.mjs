// Outbound webhooks through the admin page against a real node: an endpoint created in the browser, its
// secret read once, an event signed and retried after a 500, and the deliveries view following it live.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { startNode, freePort } from './support/linktor-node.mjs';
import { signIn, eventually } from './support/api-client.mjs';
import { launchBrowser, screenshotDir } from './support/browser.mjs';

const TIMEOUT = 20_000;
// Retries come fast here (WebhookOptions: Linktor:Webhooks:FirstRetryDelay), so a failed first attempt is
// retried within seconds; the deliveries view polls every 5 s.
const DELIVERY_TIMEOUT = 40_000;
let node, browser, admin, receiver, receiverUrl;
const received = [];

before(async () => {
  node = await startNode({
    // The test receiver listens on loopback, which production refuses as a destination.
    env: { Linktor__Webhooks__FirstRetryDelay: '00:00:01', Linktor__Webhooks__MaxRetryDelay: '00:00:02', Linktor__Webhooks__AllowPrivateNetworks: 'true' },
  });
  admin = await signIn(node.baseUrl, node.email, node.password);
  // The subscriber: records every POST with its raw body; the first one is answered 500, the rest 200.
  const port = await freePort();
  receiverUrl = `http://127.0.0.1:${port}/hooks/linktor`;
  receiver = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method, url: req.url, headers: req.headers, raw, at: Date.now() });
      res.writeHead(received.length === 1 ? 500 : 200, { 'content-type': 'text/plain' });
      res.end(received.length === 1 ? 'subscriber is down for a moment' : 'ok');
    });
  }).listen(port, '127.0.0.1');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  receiver?.close();
  await node?.stop();
});

const shot = (page, name) => page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });

/** Checks Linktor-Signature (t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>) as a subscriber would. */
function verifySignature(request, secret) {
  const header = request.headers['linktor-signature'];
  assert.ok(header, 'the POST carries Linktor-Signature');
  const parts = Object.fromEntries(header.split(',').map((p) => { const i = p.indexOf('='); return [p.slice(0, i).trim(), p.slice(i + 1).trim()]; }));
  assert.match(parts.t ?? '', /^\d+$/, `t is unix seconds (${header})`);
  assert.match(parts.v1 ?? '', /^[0-9a-f]{64}$/, `v1 is a hex SHA-256 HMAC (${header})`);
  assert.ok(Math.abs(Number(parts.t) - request.at / 1000) < 120, 't is the time of sending');
  const expected = createHmac('sha256', secret).update(`${parts.t}.${request.raw}`).digest('hex');
  assert.ok(timingSafeEqual(Buffer.from(expected), Buffer.from(parts.v1)), 'the signature verifies with the secret shown on the page');
}

test('an admin creates a webhook on the page; the event arrives signed, is retried after a 500, and the deliveries view shows it', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(node.baseUrl);
  await page.getByRole('form', { name: 'Sign in' }).waitFor({ timeout: TIMEOUT });
  await page.getByLabel('Email').fill(node.email);
  await page.getByLabel('Password').fill(node.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('status', { name: 'Connection: connected' }).waitFor({ timeout: TIMEOUT });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
  const form = page.getByRole('form', { name: 'New webhook' });
  await form.waitFor({ timeout: TIMEOUT });

  // The form refuses what cannot work before asking the API.
  await form.getByRole('button', { name: 'Create webhook' }).click();
  await form.getByText('Choose at least one event.').waitFor({ timeout: TIMEOUT });
  await form.getByRole('textbox', { name: /Endpoint URL/ }).fill('ftp://127.0.0.1/hooks');
  await form.getByRole('button', { name: 'Create webhook' }).click();
  await form.getByText('Only http:// and https:// URLs can receive webhooks.').waitFor({ timeout: TIMEOUT });

  await form.getByRole('textbox', { name: /Endpoint URL/ }).fill(receiverUrl);
  await form.getByRole('checkbox', { name: 'message.created', exact: true }).check();
  await form.getByRole('button', { name: 'Create webhook' }).click();

  const once = page.getByRole('alert', { name: /you won't see it again/ });
  await once.waitFor({ timeout: TIMEOUT });
  const secret = (await once.getByLabel('Signing secret', { exact: true }).textContent()).trim();
  assert.match(secret, /^whsec_/, 'a generated secret is shown once');
  const row = page.getByRole('table', { name: 'Webhooks' }).getByRole('row').filter({ hasText: receiverUrl });
  await row.waitFor({ timeout: TIMEOUT });
  await row.getByText('message.created').waitFor();
  await row.getByText('active').waitFor();
  await shot(page, 'admin-webhooks');

  const [webhook] = (await admin.get('/api/v1/webhooks')).data;
  assert.equal(webhook.url, receiverUrl);
  assert.deepEqual(webhook.events, ['message.created']);
  assert.equal(webhook.secret, undefined, 'the list never shows the secret again');

  // Dismissed, the secret is gone from the page for good.
  await once.getByRole('button', { name: 'Dismiss' }).click();
  await once.waitFor({ state: 'detached', timeout: TIMEOUT });
  assert.equal(await page.getByText(secret).count(), 0);

  // The deliveries view is open (and polling) before anything happens.
  await row.getByRole('link', { name: 'Deliveries' }).click();
  await page.getByRole('heading', { name: 'Deliveries' }).waitFor({ timeout: TIMEOUT });
  await page.getByText('No deliveries yet.').waitFor({ timeout: TIMEOUT });

  // A message happens: an agent writes to a contact on the demo web-chat channel through the REST API
  // (a web-chat visitor id is a GUID).
  const channelId = (await admin.get('/api/v1/channels')).data.find((c) => c.type === 'webchat').id;
  const contact = await admin.post('/api/v1/contacts', { name: 'Hook Tester', identities: [{ channel_id: channelId, external_id: randomUUID() }] });
  const conversation = await admin.post('/api/v1/conversations', { contact_id: contact.id, channel_id: channelId });
  const message = await admin.post(`/api/v1/conversations/${conversation.id}/messages`, { content: { type: 'text', text: 'Your parcel left the depot.' } });

  // The subscriber: a 500 first, then the retry, the same event both times, each validly signed.
  const posts = await eventually(() => received.filter((r) => r.headers['linktor-event'] === 'message.created'),
    (r) => r.length >= 2, 'the event is delivered, then retried after the 500', DELIVERY_TIMEOUT);
  const [first, retry] = posts;
  for (const post of [first, retry]) {
    assert.equal(post.method, 'POST');
    assert.equal(post.url, '/hooks/linktor');
    assert.match(post.headers['content-type'], /^application\/json/);
    verifySignature(post, secret);
  }
  const body = JSON.parse(first.raw);
  assert.equal(body.event, 'message.created');
  assert.ok(body.id && body.created_at && body.tenant_id, `the envelope has id, created_at, tenant_id: ${first.raw}`);
  assert.equal(body.data.id, message.id, 'data is the message that was sent');
  assert.equal(JSON.parse(retry.raw).id, body.id, 'the retry carries the same event id');
  assert.ok(first.headers['linktor-delivery'], 'Linktor-Delivery names the delivery');
  assert.equal(retry.headers['linktor-delivery'], first.headers['linktor-delivery'], 'the retry is the same delivery');
  assert.equal(received.length, 2, 'nothing else was sent: the endpoint only subscribed to message.created');

  // No reload: the deliveries view picks the delivery up by itself, succeeded after two attempts.
  const deliveryRow = page.getByRole('table', { name: 'Deliveries' }).locator(`tr[data-delivery-id="${first.headers['linktor-delivery']}"]`);
  await deliveryRow.and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: DELIVERY_TIMEOUT });
  const cells = await deliveryRow.getByRole('cell').allTextContents();
  assert.deepEqual(cells.slice(0, 4), ['message.created', 'succeeded', '2', 'HTTP 200']);
  await shot(page, 'admin-webhook-deliveries-list');

  await deliveryRow.getByRole('button', { name: 'Details' }).click();
  const drawer = page.getByRole('dialog', { name: 'Delivery details' });
  const attempts = drawer.getByRole('table', { name: 'Attempts' });
  await attempts.getByRole('row').nth(2).waitFor({ timeout: TIMEOUT });
  const attemptRows = await attempts.getByRole('row').evaluateAll((rows) => rows.slice(1).map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
  assert.equal(attemptRows.length, 2, `two attempts logged: ${JSON.stringify(attemptRows)}`);
  assert.match(attemptRows[0][2], /^HTTP 500/, 'the first attempt got the 500');
  assert.match(attemptRows[1][2], /^HTTP 200/, 'the retry got the 200');
  const payload = JSON.parse(await drawer.getByLabel('Payload').textContent());
  assert.equal(payload.id, body.id);
  assert.equal(payload.data.id, message.id);
  await shot(page, 'admin-webhook-deliveries');

  // Redeliver: the subscriber gets the same delivery once more and the log grows to three attempts.
  await drawer.getByRole('button', { name: 'Redeliver' }).click();
  await eventually(() => received.length, (n) => n === 3, 'the redelivery reaches the subscriber', DELIVERY_TIMEOUT);
  assert.equal(received[2].headers['linktor-delivery'], first.headers['linktor-delivery']);
  assert.equal(JSON.parse(received[2].raw).id, body.id);
  verifySignature(received[2], secret);
  await attempts.getByRole('row').nth(3).waitFor({ timeout: DELIVERY_TIMEOUT });
  await deliveryRow.getByRole('cell', { name: '3', exact: true }).waitFor({ timeout: DELIVERY_TIMEOUT });
  await context.close();
});

test('agents cannot reach the webhooks API or see the page', async () => {
  await admin.post('/api/v1/users', { email: 'wes@demo.local', name: 'Wes Agent', role: 'agent', password: 'agent-password-123' });
  const agent = await signIn(node.baseUrl, 'wes@demo.local', 'agent-password-123');
  await assert.rejects(agent.get('/api/v1/webhooks'), /403/);

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(node.baseUrl);
  await page.getByLabel('Email').fill('wes@demo.local');
  await page.getByLabel('Password').fill('agent-password-123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('status', { name: 'Connection: connected' }).waitFor({ timeout: TIMEOUT });
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).count(), 0);
  await page.goto(`${node.baseUrl}/admin/webhooks`);
  await page.waitForURL(`${node.baseUrl}/`, { timeout: TIMEOUT });
  await context.close();
});

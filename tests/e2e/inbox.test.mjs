// The agent inbox in a real browser against a real node: live list and thread, replies reaching the
// web-chat visitor, two agents seeing each other's actions, a cut connection that resyncs, failures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { startNode, freePort } from './support/linktor-node.mjs';
import { signIn, eventually } from './support/api-client.mjs';
import { launchBrowser, screenshotDir } from './support/browser.mjs';

const TIMEOUT = 20_000;
let node, browser, admin, channelId, site, siteUrl;
const agentPassword = 'agent-password-123';

before(async () => {
  node = await startNode();
  admin = await signIn(node.baseUrl, node.email, node.password);
  channelId = (await admin.get('/api/v1/channels')).data.find((c) => c.type === 'webchat').id;
  await admin.post('/api/v1/users', { email: 'bea@demo.local', name: 'Bea Agent', role: 'agent', password: agentPassword });
  await admin.post('/api/v1/canned_responses', { short_code: 'thanks', content: 'Thank you for waiting!' });
  const port = await freePort();
  siteUrl = `http://127.0.0.1:${port}/`;
  site = http.createServer((_, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><html><body><h1>Acme shop</h1><script src="${node.baseUrl}/widget/${channelId}.js" async></script></body></html>`);
  }).listen(port, '127.0.0.1');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  site?.close();
  await node?.stop();
});

const shot = (page, name) => page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });

async function signInAgent(email, password, screenshot) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(node.baseUrl);
  await page.getByRole('form', { name: 'Sign in' }).waitFor({ timeout: TIMEOUT });
  if (screenshot) await shot(page, screenshot);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('status', { name: 'Connection: connected' }).waitFor({ timeout: TIMEOUT });
  return { context, page };
}

const widget = (page) => page.locator('[data-linktor-widget]');
const bubbles = (page) => page.evaluate(() =>
  [...document.querySelector('[data-linktor-widget]').shadowRoot.querySelectorAll('.msg')]
    .map((e) => ({ side: e.classList.contains('out') ? 'visitor' : 'business', text: e.textContent, seq: Number(e.dataset.seq || 0) })));

async function visitorSays(text) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(siteUrl);
  await widget(page).locator('.bubble').click();
  await page.waitForFunction((id) => window.__linktorWidgets?.[id]?.state().connected, channelId, { timeout: TIMEOUT });
  await widget(page).locator('textarea').fill(text);
  await widget(page).locator('textarea').press('Enter');
  return { context, page };
}

async function conversationOf(text) {
  return eventually(async () => (await admin.get(`/api/v1/conversations?q=${encodeURIComponent(text)}`)).data[0],
    (c) => c !== undefined, `a conversation with "${text}" reaches the inbox`);
}

const listItem = (page, text) => page.getByRole('list', { name: 'Conversations' }).getByRole('listitem').filter({ hasText: text });
const thread = (page) => page.getByRole('log', { name: 'Messages' });
const threadTexts = (page) => thread(page).locator('[data-seq]').evaluateAll((els) =>
  els.map((e) => ({ seq: Number(e.dataset.seq), text: e.querySelector('.message-text')?.textContent ?? '' })));

test('a visitor writes, the agent sees it live and replies, the visitor sees the reply', async () => {
  const agent = await signInAgent(node.email, node.password, 'login');
  await shot(agent.page, 'inbox-empty');

  const visitor = await visitorSays('Where is my parcel #77?');

  // No reload: the list gets conversation.created/updated over SignalR.
  await listItem(agent.page, 'Where is my parcel #77?').waitFor({ timeout: TIMEOUT });
  await listItem(agent.page, 'Where is my parcel #77?').getByRole('button').click();
  await thread(agent.page).getByText('Where is my parcel #77?').waitFor({ timeout: TIMEOUT });

  const reply = agent.page.getByRole('textbox', { name: 'Reply' });
  await reply.fill('Let me check');
  await reply.press('Shift+Enter');
  await reply.pressSequentially('one moment.');
  await reply.press('Enter');
  await thread(agent.page).getByRole('article', { name: 'Sent message' }).filter({ hasText: 'one moment.' }).waitFor({ timeout: TIMEOUT });

  // A canned response through "/", then a private note the visitor must never see.
  await reply.pressSequentially('/tha');
  await agent.page.getByRole('option', { name: /thanks/ }).waitFor({ timeout: TIMEOUT });
  await reply.press('Enter');
  assert.equal(await reply.inputValue(), 'Thank you for waiting!');
  await reply.press('Enter');
  await agent.page.getByRole('switch', { name: 'Private note' }).click({ force: true });
  await agent.page.getByRole('textbox', { name: 'Private note' }).fill('internal: parcel is in Leipzig');
  await agent.page.getByRole('textbox', { name: 'Private note' }).press('Enter');
  await thread(agent.page).getByRole('article', { name: 'Private note' }).waitFor({ timeout: TIMEOUT });

  const shown = await eventually(() => bubbles(visitor.page), (b) => b.some((m) => m.text.includes('Thank you for waiting!')), 'the visitor sees the replies');
  assert.deepEqual(shown.filter((m) => m.seq > 0).map((m) => [m.side, m.text]), [
    ['visitor', 'Where is my parcel #77?'],
    ['business', 'Let me check\none moment.'],
    ['business', 'Thank you for waiting!'],
  ]);
  assert.ok(!shown.some((m) => m.text.includes('internal')), 'a private note never reaches the visitor');

  await shot(agent.page, 'inbox');
  await agent.context.close();
  await visitor.context.close();
});

test('an agent attaches a file; the thread and the visitor show the image', async () => {
  // A real 1×1 PNG: the browser must decode what /media/{id} serves, not just fetch it.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
  const agent = await signInAgent(node.email, node.password);
  const visitor = await visitorSays('Can I have the receipt?');
  await listItem(agent.page, 'Can I have the receipt?').getByRole('button').click();
  await thread(agent.page).getByText('Can I have the receipt?').waitFor({ timeout: TIMEOUT });

  await agent.page.getByLabel('File to attach').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: png });
  await agent.page.getByLabel('Attachment').filter({ hasText: 'image: receipt.png' }).waitFor({ timeout: TIMEOUT });
  await agent.page.getByRole('textbox', { name: 'Reply' }).fill('Your receipt');
  await agent.page.getByRole('textbox', { name: 'Reply' }).press('Enter');

  const sent = thread(agent.page).getByRole('article', { name: 'Sent message' }).filter({ hasText: 'Your receipt' });
  await sent.waitFor({ timeout: TIMEOUT });
  const shown = sent.getByRole('img', { name: 'Your receipt' });
  await eventually(() => shown.evaluate((img) => img.naturalWidth), (w) => w === 1, 'the thread shows the uploaded image');
  const src = await shown.getAttribute('src');
  assert.match(src, new RegExp(`^${node.baseUrl}/media/[A-Za-z0-9_-]{22}$`));

  const seenByVisitor = await eventually(() => visitor.page.evaluate(() =>
    [...document.querySelector('[data-linktor-widget]').shadowRoot.querySelectorAll('.msg img')].map((i) => ({ src: i.src, width: i.naturalWidth }))),
  (imgs) => imgs.some((i) => i.width === 1), 'the visitor sees the image');
  assert.deepEqual(seenByVisitor.map((i) => i.src), [src]);

  await agent.context.close();
  await visitor.context.close();
});

test('two agents: one assigns and resolves, the other sees it live', async () => {
  const visitor = await visitorSays('Two agents, one question');
  const conversation = await conversationOf('Two agents, one question');
  const ann = await signInAgent(node.email, node.password);
  const bea = await signInAgent('bea@demo.local', agentPassword);
  await ann.page.goto(`${node.baseUrl}/conversations/${conversation.id}`);
  await bea.page.goto(`${node.baseUrl}/conversations/${conversation.id}`);
  for (const { page } of [ann, bea]) {
    await page.getByRole('status', { name: 'Connection: connected' }).waitFor({ timeout: TIMEOUT });
    await page.getByRole('status', { name: 'Status: open' }).waitFor({ timeout: TIMEOUT });
  }
  await listItem(bea.page, 'Two agents, one question').waitFor({ timeout: TIMEOUT });

  await ann.page.getByRole('button', { name: 'Assign to me' }).click();
  await eventually(() => bea.page.getByRole('textbox', { name: 'Assignee' }).inputValue(), (v) => v.length > 0 && !v.includes('(me)'), 'Bea sees the assignee change live');

  await ann.page.getByRole('button', { name: 'Resolve' }).click();
  await bea.page.getByRole('status', { name: 'Status: resolved' }).waitFor({ timeout: TIMEOUT });
  // Bea's "open" list drops the conversation without a reload.
  await listItem(bea.page, 'Two agents, one question').waitFor({ state: 'detached', timeout: TIMEOUT });
  await bea.page.getByRole('button', { name: 'Reopen' }).waitFor({ timeout: TIMEOUT });
  await shot(bea.page, 'inbox-second-agent');

  const after = await admin.get(`/api/v1/conversations/${conversation.id}`);
  assert.equal(after.status, 'resolved');
  assert.ok(after.assignee_id, 'assigned');

  // Presence: Ann's assignee list marks Bea online while her inbox is open, and offline once she closes it.
  const beaOption = async () => {
    await ann.page.getByRole('textbox', { name: 'Assignee' }).click();
    const option = ann.page.getByRole('option', { name: /Bea Agent/ });
    await option.waitFor({ timeout: TIMEOUT });
    const status = await option.getByRole('img').getAttribute('aria-label');
    await ann.page.keyboard.press('Escape');
    return status;
  };
  assert.equal(await eventually(beaOption, (s) => s === 'online', 'Ann sees Bea online'), 'online');
  await bea.context.close();
  assert.equal(await eventually(beaOption, (s) => s === 'offline', 'Ann sees Bea go offline'), 'offline');
  await ann.context.close();
  await visitor.context.close();
});

test('after the agent\'s connection is cut and restored, messages sent meanwhile appear once, in order', async () => {
  const visitor = await visitorSays('Cut me off please');
  const conversation = await conversationOf('Cut me off please');
  const agent = await signInAgent(node.email, node.password);

  // The inbox's WebSocket goes through this route, so the test can drop it like a flaky network would.
  let cut = false;
  const sockets = new Set();
  await agent.page.routeWebSocket(/\/hubs\/inbox/, (ws) => {
    if (cut) {
      ws.close({ code: 1006, reason: 'network down' });
      return;
    }
    ws.connectToServer();
    sockets.add(ws);
  });
  // While cut, the fallback transports (server-sent events, long polling) and negotiation fail too.
  await agent.page.route(/\/hubs\/inbox/, (route) => (cut ? route.abort('internetdisconnected') : route.continue()));

  await agent.page.goto(`${node.baseUrl}/conversations/${conversation.id}`);
  await agent.page.getByRole('status', { name: 'Connection: connected' }).waitFor({ timeout: TIMEOUT });
  await thread(agent.page).getByText('Cut me off please').waitFor({ timeout: TIMEOUT });
  assert.ok(sockets.size > 0, 'the inbox connected over a WebSocket');

  cut = true;
  for (const ws of sockets) await ws.close({ code: 1006, reason: 'network down' });
  sockets.clear();
  await agent.page.getByRole('status', { name: /Connection: (reconnecting|offline)/ }).waitFor({ timeout: TIMEOUT });

  const texts = ['missed one', 'missed two', 'missed three'];
  for (const text of texts) {
    await admin.post(`/api/v1/conversations/${conversation.id}/messages`, { content: { type: 'text', text } });
  }
  await shot(agent.page, 'inbox-reconnecting');
  cut = false;

  await agent.page.getByRole('status', { name: 'Connection: connected' }).waitFor({ timeout: 40_000 });
  const shown = await eventually(() => threadTexts(agent.page), (m) => m.some((x) => x.text === 'missed three'), 'the missed messages appear after the resync');
  for (const text of texts) {
    assert.equal(shown.filter((m) => m.text === text).length, 1, `"${text}" appears once`);
  }
  assert.deepEqual(shown.map((m) => m.seq), [...new Set(shown.map((m) => m.seq))].sort((a, b) => a - b), 'one row per seq, in seq order');
  assert.deepEqual(shown.filter((m) => texts.includes(m.text)).map((m) => m.text), texts);

  // And live events flow again on the new connection.
  await admin.post(`/api/v1/conversations/${conversation.id}/messages`, { content: { type: 'text', text: 'after the storm' } });
  await thread(agent.page).getByText('after the storm').waitFor({ timeout: TIMEOUT });
  await agent.context.close();
  await visitor.context.close();
});

test('a Telegram photo shows in the thread; a failed outbound message shows why it failed (a bot the user blocked)', async () => {
  // A tiny fake Bot API: webhook registration and getMe succeed, every sendMessage is refused as Telegram
  // refuses a bot its user blocked.
  const port = await freePort();
  const calls = [];
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
  const telegram = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      if (req.url.startsWith('/file/bot')) {
        // The file download getFile pointed to (https://api.telegram.org/file/bot<token>/<file_path>).
        calls.push(`file:${req.url.split('/').slice(3).join('/')}`);
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(png);
        return;
      }
      const method = req.url.split('/').pop();
      calls.push(method);
      const answer = {
        setWebhook: [200, { ok: true, result: true, description: 'Webhook was set' }],
        getMe: [200, { ok: true, result: { id: 4242, is_bot: true, first_name: 'Acme bot', username: 'acme_bot' } }],
        getWebhookInfo: [200, { ok: true, result: { url: '', has_custom_certificate: false, pending_update_count: 0 } }],
        sendMessage: [403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }],
        getFile: [200, { ok: true, result: { file_id: 'photo-1', file_unique_id: 'u-photo-1', file_size: png.length, file_path: 'photos/file_1.png' } }],
      }[method] ?? [200, { ok: true, result: true }];
      res.writeHead(answer[0], { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer[1]));
    });
  }).listen(port, '127.0.0.1');
  try {
    const secret = 'e2e-telegram-secret-0123456789';
    const channel = await admin.post('/api/v1/channels', {
      type: 'telegram', name: 'Acme bot', config: { api_base_url: `http://127.0.0.1:${port}/` }, credentials: { bot_token: '4242:AAHe2eTestTokenForTheFakeBotApi0123', secret_token: secret },
    });
    assert.ok(calls.includes('setWebhook'), 'the node registered its webhook with the (fake) Bot API');

    // Telegram delivers a user's message to the channel's webhook.
    const update = {
      update_id: 9001,
      message: {
        message_id: 7, date: Math.floor(Date.now() / 1000), text: 'Hi from Telegram',
        from: { id: 555001, is_bot: false, first_name: 'Tilda', last_name: 'Gram' }, chat: { id: 555001, type: 'private', first_name: 'Tilda' },
      },
    };
    const delivered = await fetch(channel.webhook_url, {
      method: 'POST', headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret }, body: JSON.stringify(update),
    });
    assert.equal(delivered.status, 200);

    const agent = await signInAgent(node.email, node.password);
    await listItem(agent.page, 'Hi from Telegram').getByRole('button').click();
    await thread(agent.page).getByText('Hi from Telegram').waitFor({ timeout: TIMEOUT });

    // A photo: Telegram keeps the file; the inbox shows it through GET /api/v1/messages/{id}/media (getFile, then the download).
    const photo = {
      update_id: 9002,
      message: {
        message_id: 8, date: Math.floor(Date.now() / 1000), caption: 'The broken part',
        photo: [{ file_id: 'photo-1', file_unique_id: 'u-photo-1', width: 1, height: 1, file_size: png.length }],
        from: update.message.from, chat: update.message.chat,
      },
    };
    const photoDelivered = await fetch(channel.webhook_url, {
      method: 'POST', headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret }, body: JSON.stringify(photo),
    });
    assert.equal(photoDelivered.status, 200);
    const image = thread(agent.page).getByRole('img', { name: 'The broken part' });
    await image.waitFor({ timeout: TIMEOUT });
    await eventually(() => image.evaluate((img) => img.naturalWidth), (w) => w === 1, 'the inbox shows the photo Telegram keeps');
    assert.ok(calls.includes('getFile') && calls.includes('file:photos/file_1.png'), 'the photo came from the (fake) Bot API');

    await agent.page.getByRole('textbox', { name: 'Reply' }).fill('Are you still there?');
    await agent.page.getByRole('textbox', { name: 'Reply' }).press('Enter');

    const failure = thread(agent.page).getByRole('status', { name: /^Failed: .*Forbidden: bot was blocked by the user/ });
    await failure.waitFor({ timeout: TIMEOUT });
    assert.equal(await failure.count(), 1);
    const sent = thread(agent.page).getByRole('article', { name: 'Sent message' }).filter({ hasText: 'Are you still there?' });
    assert.equal(await sent.getByRole('status', { name: /^Failed:/ }).count(), 1, 'the failure is shown on the message that failed');
    await shot(agent.page, 'inbox-failed-message');

    // The admin's channel page: the connection test asks the Bot API who the bot is.
    await agent.page.goto(`${node.baseUrl}/admin/channels`);
    const row = agent.page.getByRole('row').filter({ hasText: 'Acme bot' });
    await row.getByRole('button', { name: 'Test connection' }).click();
    await row.getByRole('status').filter({ hasText: '✓' }).waitFor({ timeout: TIMEOUT });
    assert.ok(calls.includes('getMe'));
    await shot(agent.page, 'admin-channels');
    await agent.context.close();
  } finally {
    telegram.close();
  }
});


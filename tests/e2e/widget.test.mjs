// The web-chat widget in a real browser against a real node: the visitor's side of the round trip,
// private notes, reconnect-and-resync, and a returning visitor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { startNode, freePort } from './support/linktor-node.mjs';
import { signIn, eventually } from './support/api-client.mjs';
import { launchBrowser, screenshotDir } from './support/browser.mjs';

let node, browser, agent, channelId, site, siteUrl;

before(async () => {
  node = await startNode();
  agent = await signIn(node.baseUrl, node.email, node.password);
  channelId = (await agent.get('/api/v1/channels')).data.find((c) => c.type === 'webchat').id;
  // The business's own site: another origin, with the one-line snippet.
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

const widget = (page) => page.locator('[data-linktor-widget]');
const bubbles = (page) => page.evaluate(() =>
  [...document.querySelector('[data-linktor-widget]').shadowRoot.querySelectorAll('.msg')]
    .map((e) => ({ side: e.classList.contains('out') ? 'visitor' : 'business', text: e.textContent, seq: Number(e.dataset.seq || 0) })));

async function openVisitor(context) {
  const page = await context.newPage();
  await page.goto(siteUrl);
  await widget(page).locator('.bubble').click();
  await page.waitForFunction((id) => window.__linktorWidgets?.[id]?.state().connected, channelId, { timeout: 20_000 });
  return page;
}

async function conversationOf(text) {
  return eventually(async () => (await agent.get(`/api/v1/conversations?q=${encodeURIComponent(text)}`)).data[0],
    (c) => c !== undefined, `a conversation with "${text}" reaches the inbox`);
}

test('a visitor message reaches the agent and the reply reaches the visitor, never a private note', async () => {
  const context = await browser.newContext();
  const page = await openVisitor(context);
  assert.ok(await widget(page).locator('.panel.open').isVisible(), 'the bubble opens the panel');

  await widget(page).locator('textarea').fill('Where is my order #4521?');
  await widget(page).locator('textarea').press('Enter');
  const conversation = await conversationOf('order #4521');
  assert.equal(conversation.last_message.content.text, 'Where is my order #4521?');
  assert.equal(conversation.last_message.direction, 'inbound');

  await agent.post(`/api/v1/conversations/${conversation.id}/messages`, { content: { type: 'text', text: 'internal: check the warehouse' }, private: true });
  await agent.post(`/api/v1/conversations/${conversation.id}/messages`, { content: { type: 'text', text: 'It ships today!' } });
  const shown = await eventually(() => bubbles(page), (b) => b.some((m) => m.text === 'It ships today!'), 'the visitor sees the reply');
  assert.deepEqual(shown.filter((m) => m.seq > 0).map((m) => [m.side, m.text]), [
    ['visitor', 'Where is my order #4521?'],
    ['business', 'It ships today!'],
  ]);
  assert.ok(!shown.some((m) => m.text.includes('internal')), 'a private note never reaches the visitor');
  await page.screenshot({ path: path.join(screenshotDir, 'widget-conversation.png') });

  await widget(page).locator('.close').click();
  assert.equal(await widget(page).locator('.panel.open').count(), 0, 'the close button hides the panel');
  await context.close();
});

test('a visitor attaches a photo: the widget shows it and the agent gets it as an image message', async () => {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
  const context = await browser.newContext();
  const page = await openVisitor(context);
  await widget(page).locator('textarea').fill('My parcel arrived broken');
  await widget(page).locator('textarea').press('Enter');
  const conversation = await conversationOf('arrived broken');

  await widget(page).locator('input[type=file]').setInputFiles({ name: 'broken-box.png', mimeType: 'image/png', buffer: png });

  await eventually(() => page.evaluate(() => [...document.querySelector('[data-linktor-widget]').shadowRoot.querySelectorAll('.msg img')]
    .map((img) => img.naturalWidth)), (widths) => widths.includes(1), 'the visitor sees their photo, served by the node');
  const last = await eventually(async () => (await agent.get(`/api/v1/conversations/${conversation.id}`)).last_message,
    (m) => m?.content.type === 'image', 'the agent gets the photo as an image message');
  assert.equal(last.direction, 'inbound');
  assert.equal(last.content.media.filename, 'broken-box.png');
  assert.equal(last.content.media.mime_type, 'image/png');
  const served = await fetch(last.content.media.url);
  assert.deepEqual(Buffer.from(await served.arrayBuffer()), png, 'the stored URL serves the uploaded bytes');
  await context.close();
});

test('after a dropped connection, replies sent meanwhile appear once and in order', async () => {
  const context = await browser.newContext();
  const page = await openVisitor(context);
  await widget(page).locator('textarea').fill('Hello, reconnect test');
  await widget(page).locator('textarea').press('Enter');
  const conversation = await conversationOf('reconnect test');

  await page.evaluate((id) => window.__linktorWidgets[id].disconnect(), channelId);
  for (const text of ['one', 'two', 'three']) {
    await agent.post(`/api/v1/conversations/${conversation.id}/messages`, { content: { type: 'text', text } });
  }

  const shown = await eventually(() => bubbles(page), (b) => b.some((m) => m.text === 'three'), 'the widget reconnects and resyncs');
  const replies = shown.filter((m) => m.side === 'business' && m.seq > 0).map((m) => m.text);
  assert.deepEqual(replies, ['one', 'two', 'three'], 'each reply once, in seq order');
  const seqs = shown.filter((m) => m.seq > 0).map((m) => m.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
  await context.close();
});

test('a returning visitor finds the conversation after reloading the page', async () => {
  const context = await browser.newContext();
  const page = await openVisitor(context);
  await widget(page).locator('textarea').fill('Remember me please');
  await widget(page).locator('textarea').press('Enter');
  const conversation = await conversationOf('Remember me please');
  await agent.post(`/api/v1/conversations/${conversation.id}/messages`, { content: { type: 'text', text: 'Of course.' } });
  await eventually(() => bubbles(page), (b) => b.some((m) => m.text === 'Of course.'), 'the reply arrives');

  await page.reload();
  await widget(page).locator('.bubble').click();
  const shown = await eventually(() => bubbles(page), (b) => b.some((m) => m.text === 'Of course.'), 'history is back after a reload');
  assert.deepEqual(shown.filter((m) => m.seq > 0).map((m) => m.text), ['Remember me please', 'Of course.']);

  const after = await agent.get(`/api/v1/conversations?q=${encodeURIComponent('Remember me please')}`);
  assert.equal(after.data.length, 1, 'still one conversation: the visitor was recognised, not made anew');
  await context.close();
});

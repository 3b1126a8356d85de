// Host etiquette: the widget is a guest on a publisher's page. Shared links
// point at the post's canonical URL (or its origin and path), without the
// tracking parameters the reader arrived with unless the publisher asks;
// the host app's history.state survives the widget's URL updates; a
// fragment change on the host that does not touch the widget's keys (a
// footnote link) leaves the reader's view alone, while Back still works.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, DEMO_EPISODE, SEARCH, poll, waitForCount, cliSearch, assertNoErrors } from './harness.mjs';

let demo;
const ctx = suite({
  setup(ctx) {
    demo = ctx.buildIndex(DEMO_EPISODE, 'demo.idx');
    const post = (head, attrs) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Post</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/verbatim.css">${head}</head>
<body><main class="page"><p>Intro with a footnote<a href="#fn1" id="ref1">1</a>.</p>
<div data-verbatim data-src="${demo.url}"${attrs}></div>
<p id="fn1">1. The footnote.</p></main>
<script type="module">import init from '/verbatim.js'; init({ module_or_path: '/verbatim_bg.wasm' });</script></body></html>`;
    ctx.writeFixture('host/plain.html', post('', ''));
    ctx.writeFixture('host/keep.html', post('', ' data-share-query'));
    ctx.writeFixture('host/canonical.html', post('<link rel="canonical" href="/fixtures/host/the-post/">', ''));
    ctx.writeFixture('host/elsewhere.html', post('<link rel="canonical" href="https://example.org/other">', ''));
  },
});

async function open(path, options) {
  const page = await ctx.newPage({ permissions: ['clipboard-read', 'clipboard-write'], ...options });
  await page.goto(ctx.origin + path);
  await page.locator('[data-verbatim] [data-segment]').first().waitFor();
  return page;
}

async function sharedLink(page) {
  await page.fill(SEARCH, 'robots');
  await page.click('[data-verbatim] button:has-text("Share view")');
  return poll(() => page.evaluate(() => navigator.clipboard.readText()), (t) => t.includes('q=robots'), { message: 'the copied link' });
}

test('share links leave out the query string the reader arrived with', async () => {
  const page = await open('/fixtures/host/plain.html?utm_source=newsletter&ref=friend');
  assert.equal(await sharedLink(page), `${ctx.origin}/fixtures/host/plain.html#q=robots`);
  assertNoErrors(page);
});

test('data-share-query keeps it, for publishers whose pages need it', async () => {
  const page = await open('/fixtures/host/keep.html?p=123');
  assert.equal(await sharedLink(page), `${ctx.origin}/fixtures/host/keep.html?p=123#q=robots`);
});

test('a canonical URL on the same origin is the base of shared links; one elsewhere is not', async () => {
  const page = await open('/fixtures/host/canonical.html?utm_campaign=x');
  assert.equal(await sharedLink(page), `${ctx.origin}/fixtures/host/the-post/#q=robots`);
  const other = await open('/fixtures/host/elsewhere.html?utm_campaign=x');
  assert.equal(await sharedLink(other), `${ctx.origin}/fixtures/host/elsewhere.html#q=robots`);
});

test("the host app's history.state survives the widget's URL updates", async () => {
  const page = await open('/fixtures/host/plain.html');
  await page.evaluate(() => history.replaceState({ app: 'router', id: 7 }, ''));
  await page.fill(SEARCH, 'robots'); // replaces the entry
  await poll(() => page.evaluate(() => location.hash), (h) => h.includes('q=robots'), { message: 'q in the URL' });
  assert.deepEqual(await page.evaluate(() => history.state), { app: 'router', id: 7 });
  await page.click('[data-verbatim] [data-segment="12"] .vb-time'); // pushes an entry
  await poll(() => page.evaluate(() => location.hash), (h) => h.includes('t='), { message: 't in the URL' });
  assert.deepEqual(await page.evaluate(() => history.state), { app: 'router', id: 7 });
  assertNoErrors(page);
});

test("a footnote link on the host leaves the reader's search alone; Back and edits still apply", async () => {
  const page = await open('/fixtures/host/plain.html');
  const total = cliSearch(demo.path, 'robots').total;
  await page.fill(SEARCH, 'robots');
  await waitForCount(page, total);
  await page.click('#ref1'); // the host's own fragment: #fn1
  await poll(() => page.evaluate(() => location.hash), (h) => h === '#fn1', { message: 'the footnote fragment' });
  await page.waitForTimeout(300);
  assert.equal(await page.inputValue(SEARCH), 'robots', 'the search survives the footnote link');
  await waitForCount(page, total);
  // Back returns to the entry with the widget's view, which still applies.
  await page.evaluate(() => history.back());
  await poll(() => page.evaluate(() => location.hash), (h) => h.includes('q=robots'), { message: 'back to q=robots' });
  assert.equal(await page.inputValue(SEARCH), 'robots');
  // Editing the widget's own keys still changes the view.
  await page.evaluate(() => { location.hash = 'q=deep'; });
  await poll(() => page.inputValue(SEARCH), (v) => v === 'deep', { message: 'the edited query' });
  assertNoErrors(page);
});

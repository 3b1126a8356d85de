// The offline bundle: `verbatim bundle` writes one HTML file; opened from
// disk (file://) with every network request aborted, it searches, filters,
// jumps and restores the view from the URL fragment, like the served widget.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  suite, cli, cliSearch, writeEpisode, DEMO_EPISODE, ROOT, SEARCH, SEGMENTS, setQuery, waitForCount, waitForCurrent, poll,
  assertNoErrors, currentIds,
} from './harness.mjs';

const ASSETS = path.join(ROOT, 'target', 'verbatim', 'bundle');
let html;
let index;
const ctx = suite({
  setup(ctx) {
    assert.ok(existsSync(path.join(ASSETS, 'verbatim_bg.wasm')), 'run scripts/build-widget-assets.sh first');
    index = ctx.buildIndex(DEMO_EPISODE, 'demo.idx');
    html = path.join(ctx.fixtures, 'episode.html');
    cli('bundle', DEMO_EPISODE, '-o', html, '--assets', ASSETS);
  },
});

/** A page whose every non-file request is aborted and recorded. */
async function offlinePage() {
  const page = await ctx.newPage();
  page.blocked = [];
  await page.context().route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    page.blocked.push(url);
    return route.abort();
  });
  return page;
}

const fileUrl = (hash = '') => pathToFileURL(html).href + hash;

test('the bundle is one file that opens from disk and asks the network for nothing', async () => {
  const page = await offlinePage();
  await page.goto(fileUrl());
  await page.waitForSelector(SEGMENTS);
  const dump = JSON.parse(cli('dump', index.path, '--json'));
  assert.equal(await page.locator(SEGMENTS).count(), dump.segments.length);
  assert.deepEqual(page.blocked, []);
  assertNoErrors(page, 'bundle');
  console.log(`bundle: ${statSync(html).size} bytes on disk`);
});

test('search and a speaker filter work offline and match the CLI', async () => {
  const page = await offlinePage();
  await page.goto(fileUrl());
  await page.waitForSelector(SEGMENTS);
  await setQuery(page, 'china');
  const want = cliSearch(index.path, 'china', ['grace-shao']);
  await page.click('button[data-speaker-filter="grace-shao"]');
  await waitForCount(page, want.total);
  const marked = await page.$$eval('[data-segment]:has(mark)', (els) => els.map((e) => Number(e.dataset.segment)));
  assert.deepEqual(marked, want.hits.map((h) => h.segment));
  assert.deepEqual(page.blocked, []);
});

test('jumping puts the time in the fragment, and the fragment restores the view', async () => {
  const page = await offlinePage();
  await page.goto(fileUrl());
  await page.waitForSelector(SEGMENTS);
  await setQuery(page, 'robots');
  await page.keyboard.press('Enter');
  const [current] = await poll(() => currentIds(page), (ids) => ids.length === 1, { message: 'a current segment' });
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /q=robots/);
  assert.match(hash, /t=/);

  const fresh = await offlinePage();
  await fresh.goto(fileUrl(hash));
  await fresh.waitForSelector(SEGMENTS);
  assert.equal(await fresh.inputValue(SEARCH), 'robots');
  await waitForCurrent(fresh, current);
  assert.deepEqual(fresh.blocked, []);
});

test('a bundle keeps text outside ASCII: title, speaker and words, on its windows-1252 page', async () => {
  // The offline page is written in windows-1252 so that its inline parts
  // take a byte a character; everything the reader sees comes from the
  // index (UTF-8 inside) or from character references in the title.
  const title = 'Ça va — 北京 «naïve» €';
  const dir = writeEpisode(ctx, 'unicode', {
    'episode.toml': `title = "${title}"\n`,
    'transcript.vtt': 'WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Zoë Ødegård>Crème brûlée in 北京, 5 €.\n\n'
      + '00:00:06.000 --> 00:00:09.000\n<v Zoë Ødegård>Über alles.\n',
  });
  const file = path.join(ctx.fixtures, 'unicode.html');
  cli('bundle', dir, '-o', file, '--assets', ASSETS);
  const page = await offlinePage();
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector(SEGMENTS);
  assert.equal(await page.evaluate(() => document.characterSet), 'windows-1252');
  assert.equal(await page.title(), title);
  assert.match(await page.locator('[data-verbatim] .vb-title').innerText(), /Ça va — 北京 «naïve» €/);
  await setQuery(page, 'brulee');
  await waitForCount(page, 1);
  assert.match(await page.locator(SEGMENTS).first().innerText(), /Zoë Ødegård[\s\S]*Crème brûlée in 北京, 5 €\./);
  assert.deepEqual(page.blocked, []);
  assertNoErrors(page, 'unicode bundle');
});

test('a damaged inline part shows the alert box, not a blank page', async () => {
  const bytes = readFileSync(html);
  const at = bytes.indexOf('id="verbatim-wasm">') + 'id="verbatim-wasm">'.length;
  const damaged = Buffer.concat([bytes.subarray(0, at), Buffer.from('=z'), bytes.subarray(at)]);
  const file = path.join(ctx.fixtures, 'damaged.html');
  writeFileSync(file, damaged);
  const page = await offlinePage();
  await page.goto(pathToFileURL(file).href);
  const alert = page.locator('[role="alert"]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /could not start in this browser: .*damaged/);
});

test('served by a host whose Content-Type says UTF-8, the bundle still starts', async () => {
  // Static hosts send `text/html; charset=utf-8`, which overrides the
  // page's own windows-1252: the page then reads its parts from its bytes.
  const page = await ctx.newPage();
  await page.goto(`${ctx.origin}/fixtures/episode.html#q=robots`);
  await page.waitForSelector(SEGMENTS);
  assert.equal(await page.evaluate(() => document.characterSet), 'UTF-8');
  assert.equal(await page.inputValue(SEARCH), 'robots');
  const want = cliSearch(index.path, 'robots');
  await waitForCount(page, want.total);
  assertNoErrors(page, 'served bundle');
});

// Long episodes: every row is reachable by scrolling, wherever the widget
// is placed. The list renders a window of rows and grows it as either end
// nears the screen (an IntersectionObserver on sentinels), so this holds
// on a plain page, in a script embed inside a scrolling element, in an
// iframe grown to its content by the host script (the host page scrolls),
// and in an iframe without the host script (the frame scrolls).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, cli, poll, writeEpisode, assertNoErrors, assertSettlesInViewport } from './harness.mjs';

const CUES = 1400; // well past the first window of 500 rows
let episode;
let index;

const ctx = suite({
  setup(ctx) {
    const clock = (s) => `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.000`;
    let vtt = 'WEBVTT\n\n';
    for (let i = 0; i < CUES; i++) {
      vtt += `${clock(i * 10)} --> ${clock(i * 10 + 9)}\n<v ${i % 2 ? 'Bo' : 'Ann'}>Cue number ${i} of a long episode, long enough to take a line.\n\n`;
    }
    episode = writeEpisode(ctx, 'long', { 'transcript.vtt': vtt, 'episode.toml': 'title = "A long episode"\n' });
    index = ctx.buildIndex(episode, 'long/long.idx');
    cli('embed', episode, '--out', ctx.fixturePath('long-embed'));
    const page = (body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Long</title><link rel="icon" href="data:,"></head><body style="margin:0">${body}</body></html>`;
    ctx.writeFixture('long-embed/plain.html', page(`<div data-verbatim data-src="long.idx"></div><script type="module">
import init from '/verbatim.js'; init({ module_or_path: '/verbatim_bg.wasm' });</script>`.replace('long.idx', index.url)));
    ctx.writeFixture('long-embed/box.html', page(`<div id="box" style="height:600px;overflow:auto;border:1px solid #ccc">
<div data-verbatim data-src="episode.idx"></div></div><script src="verbatim-embed.js" defer></script>`));
    // The iframes load the embed folder from another origin than the post's
    // (localhost vs 127.0.0.1), as when it lives on a CDN.
    const other = new URL(ctx.origin);
    other.hostname = 'localhost';
    const frameSrc = `${other.origin}/fixtures/long-embed/frame.html`;
    ctx.writeFixture('long-embed/grown.html', page(`<iframe data-verbatim-frame src="${frameSrc}" title="Transcript" style="width:100%;height:640px;border:0"></iframe>
<script src="${other.origin}/fixtures/long-embed/verbatim-frame.js" defer></script>`));
    ctx.writeFixture('long-embed/bare.html', page(`<iframe id="bare" src="${frameSrc}" title="Transcript" style="width:100%;height:640px;border:0"></iframe>`));
  },
});

const LAST = `[data-segment="${CUES - 1}"]`;

/** Opens `path` and waits for the first row in `scope(page)`. */
async function open(path, scope = (page) => page) {
  const page = await ctx.newPage();
  await page.goto(ctx.origin + path);
  const within = scope(page);
  await within.locator('[data-segment]').first().waitFor();
  return { page, within };
}

/** Puts the mouse over `locator`, where the wheel will scroll. */
async function hover(page, locator) {
  const box = await locator.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
}

/** Scrolls with `scroll` until the last row exists in `scope`, a step at a time, as a reader would. */
async function scrollToLastRow(scope, scroll) {
  for (let step = 0; step < 400; step++) {
    if (await scope.locator(LAST).count()) return step;
    await scroll();
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error(`the last row (${CUES - 1}) never appeared; rows: ${await scope.locator('[data-segment]').count()}`);
}

test('a plain page: scrolling the window reaches the last row', async () => {
  const { page } = await open('/fixtures/long-embed/plain.html');
  assert.ok((await page.locator('[data-segment]').count()) < CUES, 'a window, not every row, at first');
  await scrollToLastRow(page, () => page.mouse.wheel(0, 3000));
  assertNoErrors(page);
});

test('a script embed inside a scrolling element: scrolling the element reaches the last row', async () => {
  const { page, within } = await open('/fixtures/long-embed/box.html', (p) => p.locator('[data-verbatim]'));
  await hover(page, page.locator('#box'));
  await scrollToLastRow(within, () => page.mouse.wheel(0, 3000));
  assert.equal(await page.evaluate(() => scrollY), 0, 'the page itself did not need to scroll');
  assertNoErrors(page);
});

test('an iframe on another origin grown to its content by the host script: scrolling the host page reaches the last row', async () => {
  const { page, within: frame } = await open('/fixtures/long-embed/grown.html', (p) => p.frameLocator('iframe'));
  await poll(() => page.locator('iframe').evaluate((f) => f.getBoundingClientRect().height), (h) => h > 2000, { message: 'the frame to grow' });
  await scrollToLastRow(frame, () => page.mouse.wheel(0, 3000));
  assertNoErrors(page);
});

test('an iframe without the host script (another origin): scrolling inside the frame reaches the last row', async () => {
  const { page, within: frame } = await open('/fixtures/long-embed/bare.html', (p) => p.frameLocator('iframe'));
  await hover(page, page.locator('iframe'));
  await scrollToLastRow(frame, () => page.mouse.wheel(0, 3000));
  assertNoErrors(page);
});

test('a link to a moment deep in the episode opens there, and stays there as rows are added above', async () => {
  // Rows above the target are added after the jump (the window grows near
  // its ends); the list's elements are reused for other segments then, so
  // the browser's scroll anchoring cannot keep the place: the widget does.
  for (const id of [700, 1000, 1300]) {
    const page = await ctx.newPage();
    await page.goto(ctx.origin + `/fixtures/long-embed/plain.html#t=${id * 10}`);
    await page.locator(`[data-segment="${id}"][aria-current="true"]`).waitFor();
    // Until the window has grown above the target (more than the first 500 rows).
    await poll(() => page.locator('[data-segment]').count(), (n) => n > 500, { message: 'rows added above the target' });
    await assertSettlesInViewport(page, id);
    assertNoErrors(page);
    await page.close();
  }
});

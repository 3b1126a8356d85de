// The JavaScript API for host pages: element.verbatim.search(), .view and
// .seek(), and the verbatim:view and verbatim:segment events, on a plain
// widget and on a script embed (shadow root).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, cli, cliDump, cliSearch, DEMO_EPISODE, SEARCH, poll, waitForCurrent, assertNoErrors } from './harness.mjs';

let demo;
let dump;
const ctx = suite({
  setup(ctx) {
    demo = ctx.buildIndex(DEMO_EPISODE, 'demo.idx');
    dump = cliDump(demo.path);
    cli('embed', DEMO_EPISODE, '--out', ctx.fixturePath('api-embed'));
    ctx.writeFixture('api-embed/post.html', `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Post</title><link rel="icon" href="data:,"></head>
<body><div data-verbatim data-src="episode.idx"></div><script src="verbatim-embed.js" defer></script></body></html>`);
  },
});

async function widgetPage() {
  const page = await ctx.newPage();
  await page.goto(ctx.widgetUrl(demo.url));
  await page.locator('[data-segment]').first().waitFor();
  await page.waitForFunction(() => document.querySelector('[data-verbatim]').verbatim);
  return page;
}

test('search() answers like the CLI, with speakers and plain objects', async () => {
  const page = await widgetPage();
  const got = await page.evaluate(() => document.querySelector('[data-verbatim]').verbatim.search('hangzhou'));
  const want = cliSearch(demo.path, 'hangzhou');
  assert.equal(got.total, want.total);
  assert.deepEqual(got.hits.map((h) => h.segment), want.hits.map((h) => h.segment));
  const first = dump.segments[got.hits[0].segment];
  assert.deepEqual(got.hits[0], { segment: first.id, start: first.start, end: first.end, speaker: first.speaker, text: first.text });
  const grace = await page.evaluate(() => document.querySelector('[data-verbatim]').verbatim.search('china', { speakers: ['grace-shao'] }));
  assert.equal(grace.total, cliSearch(demo.path, 'china', ['grace-shao']).total);
  assert.ok(grace.hits.every((h) => h.speaker === 'grace-shao'));
  // A number is searched as its digits, as JavaScript would write it.
  const number = await page.evaluate(() => document.querySelector('[data-verbatim]').verbatim.search(10));
  assert.ok(number.total > 0, 'the demo says 10');
  assert.equal(number.total, cliSearch(demo.path, '10').total);
  // The host's search does not change what the reader sees.
  assert.equal(await page.inputValue(SEARCH), '');
  assertNoErrors(page);
});

test('view can be read and set; changes dispatch verbatim:view', async () => {
  const page = await widgetPage();
  await page.evaluate(() => {
    window.views = [];
    document.querySelector('[data-verbatim]').addEventListener('verbatim:view', (e) => window.views.push(e.detail));
  });
  await page.fill(SEARCH, 'robots');
  await poll(() => page.evaluate(() => window.views.at(-1)?.query), (q) => q === 'robots', { message: 'a verbatim:view event with the query' });
  assert.deepEqual(await page.evaluate(() => document.querySelector('[data-verbatim]').verbatim.view), { query: 'robots', speakers: [], time: null });
  const seg = dump.segments.find((s) => s.speaker === 'grace-shao' && s.start > 600);
  await page.evaluate((t) => { document.querySelector('[data-verbatim]').verbatim.view = { query: 'deep seek', speakers: ['grace-shao'], time: t }; }, seg.start);
  await poll(() => page.inputValue(SEARCH), (v) => v === 'deep seek', { message: 'the field to show the set query' });
  await waitForCurrent(page, seg.id);
  const view = await page.evaluate(() => document.querySelector('[data-verbatim]').verbatim.view);
  assert.deepEqual(view, { query: 'deep seek', speakers: ['grace-shao'], time: seg.start });
  assert.ok((await page.evaluate(() => location.hash)).includes('speaker=grace-shao'), 'the URL follows');
  assertNoErrors(page);
});

test('seek() jumps to the moment and dispatches verbatim:segment', async () => {
  const page = await widgetPage();
  await page.evaluate(() => {
    window.segments = [];
    document.querySelector('[data-verbatim]').addEventListener('verbatim:segment', (e) => window.segments.push(e.detail));
  });
  const seg = dump.segments[200];
  await page.evaluate((t) => document.querySelector('[data-verbatim]').verbatim.seek(t), seg.start + 0.5);
  await waitForCurrent(page, 200);
  const detail = await poll(() => page.evaluate(() => window.segments.at(-1)), (d) => d && d.segment === 200, { message: 'a verbatim:segment event' });
  assert.deepEqual(detail, { segment: 200, start: seg.start, end: seg.end, speaker: seg.speaker, text: seg.text });
  // Seconds as text, or a clock, as the URL's t= takes them.
  const later = dump.segments[300];
  await page.evaluate((t) => document.querySelector('[data-verbatim]').verbatim.seek(String(t)), later.start + 0.5);
  await waitForCurrent(page, 300);
  const clock = `${Math.floor(seg.start / 60)}:${String(Math.floor(seg.start % 60) + 1).padStart(2, '0')}`;
  await page.evaluate((t) => document.querySelector('[data-verbatim]').verbatim.seek(t), clock);
  await waitForCurrent(page, 200);
  // Nonsense is ignored.
  await page.evaluate(() => { const v = document.querySelector('[data-verbatim]').verbatim; v.seek(-5); v.seek('x'); v.view = 42; v.view = { query: 5 }; v.view = { speakers: 'x' }; v.view = { time: 'soon' }; v.search(null, 7); });
  await waitForCurrent(page, 200);
  assertNoErrors(page);
});

test('the script embed puts the API on the host element; events cross the shadow root', async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.origin + '/fixtures/api-embed/post.html');
  await page.locator('[data-verbatim] [data-segment]').first().waitFor();
  await page.waitForFunction(() => document.querySelector('[data-verbatim]').verbatim);
  await page.evaluate(() => { window.seen = []; document.addEventListener('verbatim:view', (e) => window.seen.push(e.detail.query)); });
  const got = await page.evaluate(() => document.querySelector('[data-verbatim]').verbatim.search('robots'));
  assert.equal(got.total, cliSearch(demo.path, 'robots').total);
  await page.evaluate(() => { document.querySelector('[data-verbatim]').verbatim.view = { query: 'robots' }; });
  await poll(() => page.evaluate(() => window.seen), (s) => s.includes('robots'), { message: 'verbatim:view at the document' });
  assertNoErrors(page);
});

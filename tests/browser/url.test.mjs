// The shareable view in the URL fragment: writing it, restoring it in a
// fresh page, deep links to a time, history behaviour, hashchange, invalid
// parts, and namespaced keys (data-url-prefix).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  suite, cliSearch, cliDump, DEMO_EPISODE, SEARCH, SEGMENTS, openWidget, setQuery, waitForCount, segments, currentIds,
  waitForCurrent, segmentAt, poll, assertNoErrors, assertSettlesInViewport,
} from './harness.mjs';

let demo;
let dump;
const ctx = suite({
  setup(ctx) {
    demo = ctx.buildIndex(DEMO_EPISODE, 'demo.idx');
    dump = cliDump(demo.path);
  },
});

const filter = (id) => `[data-verbatim] button[data-speaker-filter="${id}"]`;
const timeButton = (id) => `[data-verbatim] [data-segment="${id}"] .vb-time`;
const hashOf = (page) => page.evaluate(() => location.hash);
const pressedFilters = (page) =>
  page.$$eval('[data-verbatim] button[data-speaker-filter][aria-pressed="true"]', (b) => b.map((x) => x.getAttribute('data-speaker-filter')));

async function demoPage(hash = '') {
  const page = await ctx.newPage();
  await openWidget(page, ctx.origin + '/' + hash);
  return page;
}

/** Parses `#a=b&c=d` like the widget does (percent-decoding values). */
function fragmentParams(hash) {
  return Object.fromEntries(
    hash.replace(/^#/, '').split('&').filter(Boolean).map((p) => {
      const [k, v = ''] = p.split('=');
      return [decodeURIComponent(k), decodeURIComponent(v)];
    }),
  );
}

test('the view goes into the fragment and a fresh page restores it', async () => {
  const query = 'hangzhou';
  const speaker = 'grace-shao';
  const hits = cliSearch(demo.path, query, [speaker]).hits;
  assert.ok(hits.length >= 2);
  const target = hits[1].segment;

  const page = await demoPage();
  await setQuery(page, query);
  await page.click(filter(speaker));
  await waitForCount(page, hits.length);
  await page.click(timeButton(target));
  await waitForCurrent(page, target);
  const hash = await poll(() => hashOf(page), (h) => /(^#|&)t=/.test(h), { message: 'a t= part in the fragment' });
  const params = fragmentParams(hash);
  assert.equal(params.q, query, `q in ${hash}`);
  assert.equal(params.speaker, speaker, `speaker in ${hash}`);
  assert.ok(Math.abs(Number(params.t) - dump.segments[target].start) < 0.0005, `t in ${hash} is segment ${target}'s start`);
  assertNoErrors(page);

  const fresh = await ctx.newPage();
  await openWidget(fresh, ctx.origin + '/' + hash);
  assert.equal(await fresh.inputValue(SEARCH), query);
  assert.deepEqual(await pressedFilters(fresh), [speaker]);
  await waitForCount(fresh, hits.length);
  await waitForCurrent(fresh, target);
  const shown = await segments(fresh);
  assert.ok(shown.every((s) => s.speaker === speaker), 'the filter is applied');
  assert.deepEqual(shown.filter((s) => s.marks.length).map((s) => s.id), hits.map((h) => h.segment));
  assertNoErrors(fresh, 'restored page');
});

for (const [hash, seconds] of [['#t=12:34', 754], ['#t=754', 754], ['#t=1:02:03', 3723]]) {
  test(`${hash} opens at the segment containing ${seconds} s, in view`, async () => {
    const id = segmentAt(dump, seconds);
    assert.ok(id > 0);
    const page = await demoPage(hash);
    await waitForCurrent(page, id);
    await assertSettlesInViewport(page, id);
    assertNoErrors(page);
  });
}

test('typing a query replaces the history entry instead of adding one per keystroke', async () => {
  const page = await demoPage();
  const before = await page.evaluate(() => history.length);
  await page.click(SEARCH);
  await page.keyboard.type('hangzhou'); // 8 keystrokes, 8 input events
  await waitForCount(page, cliSearch(demo.path, 'hangzhou').total);
  // The fragment follows the query...
  await poll(() => hashOf(page), (h) => fragmentParams(h).q === 'hangzhou', { message: 'q=hangzhou in the fragment' });
  // ...without a history entry per keystroke.
  assert.equal(await page.evaluate(() => history.length), before);
  assertNoErrors(page);
});

test('back and forward restore the previous jumps', async () => {
  const [a, b] = [40, 120];
  const page = await demoPage();
  const start = await page.evaluate(() => history.length);
  await page.click(timeButton(a));
  await waitForCurrent(page, a);
  await page.click(timeButton(b));
  await waitForCurrent(page, b);
  assert.equal(await page.evaluate(() => history.length), start + 2, 'one entry per discrete jump');
  await page.evaluate(() => history.back());
  await waitForCurrent(page, a);
  assert.ok(Math.abs(Number(fragmentParams(await hashOf(page)).t) - dump.segments[a].start) < 0.0005);
  await page.evaluate(() => history.back());
  await poll(() => currentIds(page), (ids) => ids.length === 0, { message: 'no current segment at the first entry' });
  await page.evaluate(() => history.forward());
  await waitForCurrent(page, a);
  await page.evaluate(() => history.forward());
  await waitForCurrent(page, b);
  assertNoErrors(page);
});

test('stepping through matches and following a host link add no history entries of the widget\'s own', async () => {
  const page = await demoPage();
  const start = await page.evaluate(() => history.length);
  await setQuery(page, 'china');
  await waitForCount(page, cliSearch(demo.path, 'china').total);
  await page.focus(SEARCH);
  for (let i = 0; i < 5; i++) await page.keyboard.press('Enter');
  await poll(() => hashOf(page), (h) => fragmentParams(h).t != null, { message: 't= in the fragment' });
  assert.equal(await page.evaluate(() => history.length), start, 'stepping replaces the entry');
  // A link on the host page to a moment: the browser's entry, and no second one.
  await page.evaluate(() => {
    const a = document.createElement('a');
    a.href = '#t=10:00';
    a.id = 'host-link';
    a.textContent = 'at ten minutes';
    document.body.prepend(a);
  });
  const before = await page.evaluate(() => history.length);
  await page.click('#host-link');
  const id = segmentAt(dump, 600);
  await waitForCurrent(page, id);
  await poll(() => hashOf(page), (h) => h !== '#t=10:00', { message: 'the widget rewrote the fragment' });
  assert.equal(await page.evaluate(() => history.length), before + 1, 'one entry for one link');
  assertNoErrors(page);
});

test('editing the fragment (hashchange) updates the view', async () => {
  const page = await demoPage();
  const deep = cliSearch(demo.path, 'deep');
  await page.evaluate(() => { location.hash = 'q=deep'; });
  await poll(() => page.inputValue(SEARCH), (v) => v === 'deep', { message: 'the field to show "deep"' });
  await waitForCount(page, deep.total);
  const marked = (await segments(page)).filter((s) => s.marks.length).map((s) => s.id);
  assert.deepEqual(marked, deep.hits.map((h) => h.segment));

  // A moment in one of the host's segments, so that it stays shown under his filter.
  const seg = dump.segments.find((s) => s.speaker === 'alex-kantrowitz' && s.start >= 600);
  const id = seg.id;
  await page.evaluate((t) => { location.hash = `q=deep&t=${t}&speaker=alex-kantrowitz`; }, seg.start);
  await waitForCurrent(page, id);
  assert.deepEqual(await pressedFilters(page), ['alex-kantrowitz']);
  await waitForCount(page, cliSearch(demo.path, 'deep', ['alex-kantrowitz']).total);

  await page.evaluate(() => { location.hash = ''; });
  await poll(() => page.inputValue(SEARCH), (v) => v === '', { message: 'the field to clear' });
  await poll(() => currentIds(page), (ids) => ids.length === 0, { message: 'no current segment' });
  assert.deepEqual(await pressedFilters(page), []);
  assertNoErrors(page);
});

test('invalid and unknown parts of the fragment are ignored', async () => {
  const deep = cliSearch(demo.path, 'deep');
  const page = await demoPage('#t=banana&speaker=nobody&zzz=1&q=deep');
  assert.equal(await page.inputValue(SEARCH), 'deep');
  // An unknown speaker id filters nothing: the count is the unfiltered one.
  await waitForCount(page, deep.total);
  assert.deepEqual(await pressedFilters(page), []);
  assert.equal(await page.$$eval(SEGMENTS, (e) => e.length), dump.segments.length);
  assert.deepEqual(await currentIds(page), []);
  for (const junk of ['#%', '#t=99:99:99:99', '#q=%FF%FE', '#speaker=,,,&t=-5', '#t=5,1', '#=&&=&q']) {
    await page.evaluate((h) => { location.hash = h; }, junk);
    await page.waitForTimeout(50); // let the hashchange handler run
  }
  assert.equal(await page.locator('[data-verbatim] [role="alert"]').count(), 0);
  assertNoErrors(page);
});

test('data-url-prefix namespaces the keys', async () => {
  const china = cliSearch(demo.path, 'china');
  const page = await ctx.newPage();
  await openWidget(page, ctx.widgetUrl(demo.url, { prefix: 'w1-', hash: '#w1-q=china&q=hangzhou&speaker=grace-shao' }));
  assert.equal(await page.inputValue(SEARCH), 'china');
  await waitForCount(page, china.total);
  assert.deepEqual(await pressedFilters(page), [], 'the unprefixed speaker is not ours');
  await setQuery(page, 'robots');
  await poll(() => hashOf(page), (h) => fragmentParams(h)['w1-q'] === 'robots', { message: 'w1-q=robots' });
  assert.equal(fragmentParams(await hashOf(page)).q, 'hangzhou', 'other widgets\' keys are kept');
  assertNoErrors(page);
});

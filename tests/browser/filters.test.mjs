// Speaker filters in the demo widget: aria-pressed, which segments remain,
// the union of two filters, and a filter combined with a query (checked
// against `verbatim search --speaker`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  suite, cliSearch, cliDump, DEMO_EPISODE, openWidget, setQuery, waitForCount, segments, poll, assertNoErrors, SEGMENTS,
  waitForCurrent, assertSettlesInViewport,
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
const pressed = (page, id) => page.getAttribute(filter(id), 'aria-pressed');
const countOf = (speaker) => dump.segments.filter((s) => s.speaker === speaker).length;

async function demoPage() {
  const page = await ctx.newPage();
  await openWidget(page, ctx.origin + '/');
  return page;
}

test('there is one filter button per speaker, none pressed', async () => {
  const page = await demoPage();
  const ids = await page.$$eval('[data-verbatim] button[data-speaker-filter]', (b) => b.map((x) => x.getAttribute('data-speaker-filter')));
  assert.deepEqual(ids, dump.speakers.map((s) => s.id));
  for (const id of ids) assert.equal(await pressed(page, id), 'false');
  assertNoErrors(page);
});

test('the grace-shao filter toggles aria-pressed and keeps only her segments', async () => {
  const want = countOf('grace-shao');
  assert.ok(want > 0 && want < dump.segments.length);
  const page = await demoPage();
  await page.click(filter('grace-shao'));
  assert.equal(await pressed(page, 'grace-shao'), 'true');
  assert.equal(await pressed(page, 'alex-kantrowitz'), 'false');
  const shown = await poll(() => segments(page), (s) => s.length === want, { message: `${want} segments` });
  assert.ok(shown.every((s) => s.speaker === 'grace-shao'), 'only grace-shao segments');
  assert.deepEqual(shown.map((s) => s.id), dump.segments.filter((s) => s.speaker === 'grace-shao').map((s) => s.id));
  // Toggle off: everything is back.
  await page.click(filter('grace-shao'));
  assert.equal(await pressed(page, 'grace-shao'), 'false');
  await poll(() => page.$$eval(SEGMENTS, (e) => e.length), (n) => n === dump.segments.length, { message: 'all segments back' });
  assertNoErrors(page);
});

test('two filters on show the union of their segments', async () => {
  const page = await demoPage();
  await page.click(filter('alex-kantrowitz'));
  await poll(() => page.$$eval(SEGMENTS, (e) => e.length), (n) => n === countOf('alex-kantrowitz'), { message: 'alex only' });
  await page.click(filter('grace-shao'));
  assert.equal(await pressed(page, 'alex-kantrowitz'), 'true');
  assert.equal(await pressed(page, 'grace-shao'), 'true');
  const want = dump.segments.filter((s) => s.speaker === 'alex-kantrowitz' || s.speaker === 'grace-shao');
  const shown = await poll(() => segments(page), (s) => s.length === want.length, { message: 'the union' });
  assert.deepEqual(shown.map((s) => s.id), want.map((s) => s.id));
  assertNoErrors(page);
});

test('a filter combined with a query gives the CLI --speaker total', async () => {
  for (const [query, speaker] of [['hangzhou', 'grace-shao'], ['china', 'alex-kantrowitz'], ['"open source"', 'grace-shao']]) {
    const all = cliSearch(demo.path, query);
    const only = cliSearch(demo.path, query, [speaker]);
    assert.ok(only.total < all.total, `the filter must change the ${query} total for this check to mean something`);
    const page = await demoPage();
    await setQuery(page, query);
    await waitForCount(page, all.total);
    await page.click(filter(speaker));
    await waitForCount(page, only.total);
    const shown = await segments(page);
    assert.ok(shown.every((s) => s.speaker === speaker));
    assert.deepEqual(shown.filter((s) => s.marks.length > 0).map((s) => s.id), only.hits.map((h) => h.segment), `${query} + ${speaker}: marked segments`);
    assertNoErrors(page);
    await page.context().close();
  }
});

test('a filter that hides the selected segment keeps the reader near it, and so does a link to a hidden moment', async () => {
  // A host's segment past the middle, and the guest's first one after it.
  const alex = dump.segments.find((x) => x.speaker === 'alex-kantrowitz' && x.start > 1000);
  const next = dump.segments.find((x) => x.speaker === 'grace-shao' && x.id > alex.id);
  let page = await demoPage();
  await page.click(`[data-verbatim] [data-segment="${alex.id}"] .vb-time`);
  await waitForCurrent(page, alex.id);
  await page.click(filter('grace-shao'));
  await waitForCurrent(page, next.id);
  await assertSettlesInViewport(page, next.id);
  const t = () => page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('t'));
  await poll(t, (v) => v != null && Math.abs(Number(v) - next.start) < 0.0005, { message: `t= the guest's segment ${next.id}` });
  assertNoErrors(page);
  await page.close();

  // A shared link to the host's moment under the guest's filter.
  page = await ctx.newPage();
  await openWidget(page, `${ctx.origin}/#speaker=grace-shao&t=${alex.start}`);
  await waitForCurrent(page, next.id);
  await assertSettlesInViewport(page, next.id);
  assertNoErrors(page);
});

test('nothing matching for a chosen speaker says so and offers to show all speakers, which finds the matches', async () => {
  // A word only Alex says: with Grace chosen, nothing matches it.
  const alexOnly = ['welcome', 'podcast', 'sponsor', 'break'].find((w) => {
    const all = cliSearch(demo.path, w).total;
    return all > 0 && cliSearch(demo.path, w, ['grace-shao']).total === 0;
  });
  assert.ok(alexOnly, 'a word of Alex\'s that Grace never says');
  const page = await demoPage();
  await page.click(filter('grace-shao'));
  await setQuery(page, alexOnly);
  const empty = page.locator('[data-verbatim] .vb-empty');
  await empty.waitFor();
  assert.match(await empty.textContent(), new RegExp(`Nothing matches “${alexOnly}” for the chosen speakers\\.`));
  await page.getByRole('button', { name: 'Show all speakers' }).click();
  assert.equal(await pressed(page, 'grace-shao'), 'false');
  await waitForCount(page, cliSearch(demo.path, alexOnly).total);
  assert.equal(await empty.count(), 0, 'the message goes once there are matches');
  assertNoErrors(page);
});

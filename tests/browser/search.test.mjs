// Search in the demo widget (`/`), checked against the CLI on the same
// episode: totals, highlighted segments, match navigation, Esc, "Only
// matches", and the no-matches message.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  suite, cliSearch, cliDump, DEMO_EPISODE, SEARCH, SEGMENTS, openWidget, setQuery, waitForCount,
  segments, currentIds, waitForCurrent, counterText, poll, assertNoErrors, assertSettlesInViewport,
} from './harness.mjs';

let demo; // { path, url }
let dump;
const ctx = suite({
  setup(ctx) {
    demo = ctx.buildIndex(DEMO_EPISODE, 'demo.idx');
    dump = cliDump(demo.path);
  },
});

/** Levenshtein distance with adjacent transpositions (optimal string alignment). */
function editDistance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

async function demoPage() {
  const page = await ctx.newPage();
  await openWidget(page, ctx.origin + '/');
  return page;
}

test('the demo renders every segment of the episode', async () => {
  const page = await demoPage();
  const segs = await segments(page);
  assert.equal(segs.length, dump.segments.length);
  assert.deepEqual(segs.map((s) => s.id), dump.segments.map((s) => s.id));
  assert.deepEqual(segs.map((s) => s.speaker), dump.segments.map((s) => s.speaker ?? ''));
  for (const [i, s] of segs.entries()) assert.ok(Math.abs(s.start - dump.segments[i].start) < 0.0005, `segment ${i} data-start`);
  assertNoErrors(page);
});

test('typing "hangzhou" highlights exactly the CLI hits', async () => {
  const cliResult = cliSearch(demo.path, 'hangzhou');
  assert.ok(cliResult.total > 0, 'the demo mentions Hangzhou');
  const page = await demoPage();
  await page.click(SEARCH);
  await page.keyboard.type('hangzhou');
  await waitForCount(page, cliResult.total);
  const marked = (await segments(page)).filter((s) => s.marks.length > 0);
  assert.equal(marked.length, cliResult.total, 'segments with a <mark>');
  assert.deepEqual(marked.map((s) => s.id).sort((a, b) => a - b), cliResult.hits.map((h) => h.segment).sort((a, b) => a - b));
  // Marks are "hangzhou" or a one-letter variant of it: the transcript (a
  // machine transcription) also spells it Wangzhou, Hengzhou and Hongzhou,
  // which typo tolerance rightly finds; /hangzhou/i alone would reject them.
  for (const s of marked) {
    for (const m of s.marks) assert.ok(editDistance(m.toLowerCase(), 'hangzhou') <= 1, `mark ${JSON.stringify(m)} in segment ${s.id}`);
  }
  assert.ok(marked.some((s) => s.marks.some((m) => /^hangzhou$/i.test(m))), 'the exact spelling is marked too');
  // The marks are the CLI's spans, byte for byte.
  const textOf = Object.fromEntries(dump.segments.map((s) => [s.id, s.text]));
  for (const h of cliResult.hits) {
    const bytes = Buffer.from(textOf[h.segment]);
    const want = h.spans.map(([a, b]) => bytes.subarray(a, b).toString());
    const got = marked.find((s) => s.id === h.segment).marks;
    assert.deepEqual(got, want, `marks of segment ${h.segment}`);
  }
  assert.match(await counterText(page), new RegExp(`^${cliResult.total} match`));
  assertNoErrors(page);
});

// Quoted, a word also finds its split spelling and a phrase its joined one.
for (const query of ['hangzhuo', 'hangz', '"open source"', 'china', 'deepseek model', '"deepseek"', '"deepseek was an"']) {
  test(`query ${query} gives the CLI's total and hits`, async () => {
    const cliResult = cliSearch(demo.path, query);
    const page = await demoPage();
    await setQuery(page, query);
    await waitForCount(page, cliResult.total);
    const marked = (await segments(page)).filter((s) => s.marks.length > 0).map((s) => s.id);
    assert.deepEqual(marked, cliResult.hits.map((h) => h.segment));
    assertNoErrors(page);
  });
}

test('Enter, Shift+Enter and the arrow buttons walk the hits in time order', async () => {
  const cliResult = cliSearch(demo.path, 'hangzhou');
  const hits = cliResult.hits.map((h) => h.segment);
  const N = hits.length;
  assert.ok(N >= 3);
  // Hits are in time order.
  const starts = cliResult.hits.map((h) => h.start);
  assert.deepEqual([...starts].sort((a, b) => a - b), starts);

  const page = await demoPage();
  await setQuery(page, 'hangzhou');
  await waitForCount(page, N);
  assert.deepEqual(await currentIds(page), [], 'nothing current before navigating');
  await page.focus(SEARCH);
  for (let i = 0; i < N; i++) {
    await page.keyboard.press('Enter');
    await waitForCurrent(page, hits[i]);
    assert.equal(await counterText(page), `${i + 1} of ${N}`);
  }
  // Past the last hit: wraps to the first.
  await page.keyboard.press('Enter');
  await waitForCurrent(page, hits[0]);
  assert.equal(await counterText(page), `1 of ${N}`);
  // Shift+Enter goes back (wrapping to the last).
  await page.keyboard.press('Shift+Enter');
  await waitForCurrent(page, hits[N - 1]);
  assert.equal(await counterText(page), `${N} of ${N}`);
  await page.keyboard.press('Shift+Enter');
  await waitForCurrent(page, hits[N - 2]);
  assert.equal(await counterText(page), `${N - 1} of ${N}`);
  // The buttons do the same.
  await page.click('[data-verbatim] button[aria-label^="Next match"]');
  await waitForCurrent(page, hits[N - 1]);
  assert.equal(await counterText(page), `${N} of ${N}`);
  await page.click('[data-verbatim] button[aria-label^="Previous match"]');
  await waitForCurrent(page, hits[N - 2]);
  assert.equal(await counterText(page), `${N - 1} of ${N}`);
  assertNoErrors(page);
});

test('jumping to a far hit scrolls it into the viewport', async () => {
  // From the top of the page, Enter jumps to the first hit (minutes into the
  // episode, thousands of pixels down); it must end up visible.
  const cliResult = cliSearch(demo.path, 'hangzhou');
  const first = cliResult.hits[0].segment;
  const page = await demoPage();
  await setQuery(page, 'hangzhou');
  await waitForCount(page, cliResult.total);
  await page.focus(SEARCH);
  await page.keyboard.press('Enter');
  await waitForCurrent(page, first);
  await assertSettlesInViewport(page, first);
  assertNoErrors(page);
});

test('Esc clears the search', async () => {
  const page = await demoPage();
  await setQuery(page, 'hangzhou');
  await page.waitForSelector('[data-verbatim] mark');
  await page.focus(SEARCH);
  await page.keyboard.press('Escape');
  await poll(() => page.inputValue(SEARCH), (v) => v === '', { message: 'the field to be empty' });
  await poll(() => page.$$eval('[data-verbatim] mark', (m) => m.length), (n) => n === 0, { message: 'marks to go' });
  assert.equal(await counterText(page), '');
  assert.equal((await segments(page)).length, dump.segments.length);
  assertNoErrors(page);
});

test('"Only matches" shows only the hits, and unchecking restores all', async () => {
  const cliResult = cliSearch(demo.path, 'hangzhou');
  const page = await demoPage();
  await setQuery(page, 'hangzhou');
  await waitForCount(page, cliResult.total);
  const toggle = page.getByLabel('Only matches');
  await toggle.check();
  await poll(() => page.$$eval(SEGMENTS, (e) => e.length), (n) => n === cliResult.total, { message: 'only the hits' });
  const shown = await segments(page);
  assert.deepEqual(shown.map((s) => s.id), cliResult.hits.map((h) => h.segment));
  assert.ok(shown.every((s) => s.marks.length > 0));
  await toggle.uncheck();
  await poll(() => page.$$eval(SEGMENTS, (e) => e.length), (n) => n === dump.segments.length, { message: 'all segments back' });
  assertNoErrors(page);
});

test('a quoted word finds its split spelling, marked whole', async () => {
  const page = await demoPage();
  await setQuery(page, '"deepseek"');
  await waitForCount(page, cliSearch(demo.path, '"deepseek"').total);
  const marks = (await segments(page)).flatMap((s) => s.marks);
  assert.ok(marks.includes('Deep Seek'), `a split spelling is marked: ${[...new Set(marks)].join(', ')}`);
  assertNoErrors(page);
});

test('a query of symbols alone finds nothing and says so', async () => {
  assert.equal(cliSearch(demo.path, '🚀').total, 0);
  const page = await demoPage();
  await setQuery(page, '🚀');
  await waitForCount(page, 0);
  assert.equal(await counterText(page), 'No matches');
  assert.equal(await page.$$eval('[data-verbatim] mark', (m) => m.length), 0);
  assertNoErrors(page);
});

test('a query with no matches says so and offers to clear the search', async () => {
  const query = 'xqzvbnkw';
  assert.equal(cliSearch(demo.path, query).total, 0);
  const page = await demoPage();
  await setQuery(page, query);
  await waitForCount(page, 0);
  const empty = page.locator('[data-verbatim] .vb-empty');
  await empty.waitFor();
  assert.match(await empty.textContent(), new RegExp(`Nothing matches.*${query}`));
  assert.equal(await counterText(page), 'No matches');
  // The text stays visible (no "only matches"), nothing is marked.
  assert.equal(await page.$$eval('[data-verbatim] mark', (m) => m.length), 0);
  await page.getByRole('button', { name: 'Clear search' }).click();
  await poll(() => page.inputValue(SEARCH), (v) => v === '', { message: 'the field to be cleared' });
  await empty.waitFor({ state: 'detached' });
  assert.equal((await segments(page)).length, dump.segments.length);
  assertNoErrors(page);
});

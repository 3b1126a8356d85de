// Hostile content: markup in every text field of an episode (title, show,
// date, description, speaker names and roles, chapter titles, transcript
// text) and in the URL fragment must be shown as text and never run; a
// 100,000-character word must not break the page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  suite, cliDump, cliSearch, SEARCH, openWidget, setQuery, waitForCount, segments, poll, assertNoErrors, assertNoPanic, writeEpisode,
} from './harness.mjs';

const SCRIPT = '<script>window.__pwned=1</script>';
const IMG = '<img src=x onerror="window.__pwned=1">';
const LINK = '<a href="javascript:window.__pwned=1">x</a>';
const PAYLOADS = [SCRIPT, IMG, LINK];

const TOML = `title = '${SCRIPT} Title'
show = '${IMG} Show'
date = '${LINK}'
description = '${LINK} description ${SCRIPT}'

[[speakers]]
id = "ann"
name = '${IMG}'
role = '${SCRIPT}'

[[speakers]]
id = "bo"
name = '${SCRIPT}'
role = '${LINK}'

[[chapters]]
title = '${LINK}'
start = "0:05"
`;
// WebVTT text is markup, so the payloads are written with entities; the
// parser decodes them to the raw strings above (checked with the CLI below).
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const LONG_WORD = 'a'.repeat(100_000);
const VTT = `WEBVTT

00:00:00.000 --> 00:00:05.000
<v ann>Hello ${esc(SCRIPT)} there.

00:00:05.000 --> 00:00:10.000
<v bo>Look: ${esc(IMG)} and ${esc(LINK)} ok.

00:00:10.000 --> 00:00:15.000
<v ann>A long word: ${LONG_WORD} ends here.
`;

// An audio URL that tries to break out of its attribute.
const AUDIO = '"><img src=x onerror="window.__pwned=1">';

let index;
let dump;
let audioIndex;
const ctx = suite({
  setup(ctx) {
    const dir = writeEpisode(ctx, 'hostile', { 'episode.toml': TOML, 'transcript.vtt': VTT });
    index = ctx.buildIndex(dir, 'hostile/hostile.idx');
    dump = cliDump(index.path);
    const audioDir = writeEpisode(ctx, 'hostile-audio', {
      'episode.toml': `title = 'Audio'\naudio = '${AUDIO}'\n`,
      'transcript.vtt': 'WEBVTT\n\n00:00.000 --> 00:05.000\nHello.\n',
    });
    audioIndex = ctx.buildIndex(audioDir, 'hostile-audio/a.idx');
  },
});

const pwned = (page) => page.evaluate(() => typeof window.__pwned);

async function assertInert(page) {
  assert.equal(await pwned(page), 'undefined', 'window.__pwned was set: a payload ran');
  const bad = await page.$$eval('[data-verbatim] img, [data-verbatim] script, [data-verbatim] a[href^="javascript" i], [data-verbatim] [onerror], [data-verbatim] iframe',
    (els) => els.map((e) => e.outerHTML.slice(0, 120)));
  assert.deepEqual(bad, [], 'elements made from payloads');
}

test('the CLI keeps the payloads as text (precondition)', () => {
  assert.equal(dump.title, `${SCRIPT} Title`);
  assert.deepEqual(dump.speakers.map((s) => s.name), [IMG, SCRIPT]);
  assert.ok(dump.segments[0].text.includes(SCRIPT));
  assert.ok(dump.segments[1].text.includes(IMG) && dump.segments[1].text.includes(LINK));
  assert.ok(dump.segments.some((s) => s.text.includes(LONG_WORD)));
});

test('payloads in the episode are shown as text and run nothing', async () => {
  const page = await ctx.newPage();
  await openWidget(page, ctx.widgetUrl(index.url));
  await page.waitForSelector('[data-verbatim] [data-segment]');
  const text = await page.$eval('[data-verbatim]', (el) => el.textContent);
  for (const [where, value] of [
    ['title', `${SCRIPT} Title`], ['show', `${IMG} Show`], ['date', LINK], ['description', `${LINK} description ${SCRIPT}`],
    ['speaker name', IMG], ['speaker name', SCRIPT], ['speaker role', SCRIPT], ['chapter title', LINK],
    ['segment text', dump.segments[0].text], ['segment text', dump.segments[1].text],
  ]) {
    assert.ok(text.includes(value), `the ${where} ${JSON.stringify(value)} is not shown as text`);
  }
  // Speaker names as rendered in the filter buttons and the turn labels.
  const names = await page.$$eval('[data-verbatim] [data-speaker-filter] .vb-name', (e) => e.map((x) => x.textContent));
  assert.deepEqual(names, [IMG, SCRIPT]);
  const who = await page.$$eval('[data-verbatim] .vb-who', (e) => e.map((x) => x.textContent));
  assert.ok(who.includes(IMG) && who.includes(SCRIPT), `turn labels: ${JSON.stringify(who)}`);
  // Open the folded parts, click around, search inside the payloads.
  for (const summary of await page.$$('[data-verbatim] summary')) await summary.click();
  await page.click('[data-verbatim] [data-segment="1"] .vb-text');
  await page.click('[data-verbatim] button[data-speaker-filter="bo"]');
  await page.click('[data-verbatim] button[data-speaker-filter="bo"]');
  for (const q of ['onerror', 'script', 'javascript']) {
    await setQuery(page, q);
    await waitForCount(page, cliSearch(index.path, q).total);
    await assertInert(page);
  }
  assert.ok((await page.$$eval('[data-verbatim] mark', (m) => m.length)) > 0, 'searching inside the payloads marks them');
  await page.waitForTimeout(200); // give an injected onerror a chance to fire
  await assertInert(page);
  assertNoPanic(page);
  assert.deepEqual(page.pageErrors, []);
});

for (const [name, hash] of [
  ['percent-encoded', '#q=' + encodeURIComponent('<img src=x onerror=window.__pwned=1>')],
  ['raw', '#q=<img src=x onerror=window.__pwned=1>'],
  ['raw script', `#q=${SCRIPT}&speaker=<script>&t=<img>`],
]) {
  test(`a payload in the URL fragment (${name}) is shown as text and runs nothing`, async () => {
    const page = await ctx.newPage();
    await openWidget(page, ctx.widgetUrl(index.url, { hash }));
    const want = name === 'raw script' ? SCRIPT : '<img src=x onerror=window.__pwned=1>';
    assert.equal(await page.inputValue(SEARCH), want);
    // The no-matches message quotes the query: as text.
    const empty = await page.$eval('[data-verbatim]', (el) => el.textContent);
    if (cliSearch(index.path, want).total === 0) assert.ok(empty.includes(want), 'the query is quoted as text');
    await page.waitForTimeout(200);
    await assertInert(page);
    // And through hashchange.
    await page.evaluate((h) => { location.hash = h; }, '#q=' + encodeURIComponent(IMG));
    await poll(() => page.inputValue(SEARCH), (v) => v === IMG, { message: 'the field to show the payload' });
    await page.waitForTimeout(200);
    await assertInert(page);
    assert.deepEqual(page.pageErrors, []);
    assertNoPanic(page);
  });
}

test('an audio URL with markup stays an attribute value', async () => {
  const page = await ctx.newPage();
  await openWidget(page, ctx.widgetUrl(audioIndex.url));
  await page.waitForSelector('[data-verbatim] audio');
  assert.equal(await page.getAttribute('[data-verbatim] audio', 'src'), AUDIO);
  await page.waitForTimeout(200); // give an injected onerror a chance to fire
  await assertInert(page);
  assert.deepEqual(page.pageErrors, []);
});

test('a 100,000-character word does not break the page', async () => {
  const page = await ctx.newPage({ viewport: { width: 800, height: 800 } });
  await openWidget(page, ctx.widgetUrl(index.url));
  const long = dump.segments.find((s) => s.text.includes(LONG_WORD));
  await page.waitForSelector(`[data-verbatim] [data-segment="${long.id}"]`);
  const len = await page.$eval(`[data-verbatim] [data-segment="${long.id}"] .vb-text`, (el) => el.textContent.length);
  assert.equal(len, long.text.length, 'the whole word is shown');
  // It wraps instead of widening the page.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'no horizontal scroll');
  // The widget still works: search, marks, the other segments.
  const q = cliSearch(index.path, 'hello');
  await setQuery(page, 'hello');
  await waitForCount(page, q.total);
  assert.equal((await segments(page)).length, dump.segments.length);
  await setQuery(page, 'aaaa');
  await waitForCount(page, cliSearch(index.path, 'aaaa').total);
  // A pasted page in quotes: 8,000 words as one phrase.
  const pasted = `"${'hello there '.repeat(4_000)}"`;
  await setQuery(page, pasted);
  await waitForCount(page, cliSearch(index.path, pasted).total);
  await assertInert(page);
  assertNoPanic(page);
  assert.deepEqual(page.pageErrors, []);
});

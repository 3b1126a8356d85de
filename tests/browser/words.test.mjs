// Word-level follow-along: an episode from the WebVTT karaoke fixture (inline
// `<00:00:01.600>` word times), some untimed cues after it and one more
// karaoke cue far down, with a generated WAV. During playback the word being
// spoken is `[data-word-current]` inside the playing row (the CLI's
// `dump --json` words are the oracle), and only that row repaints as the word
// moves; search `<mark>`s and the word share the text; a `#t=` link lands on
// the word at its time. SCREENSHOTS=1 also writes tests/browser/output/words-*.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  suite, ROOT, cliDump, cliSearch, openWidget, setQuery, waitForCount, waitForCurrent, poll, segmentAt,
  assertNoErrors, assertSettlesInViewport, sineWav, writeEpisode,
} from './harness.mjs';

const KARAOKE = readFileSync(path.join(ROOT, 'tests', 'fixtures', 'vtt', 'karaoke.vtt'), 'utf8');
const clock = (s) => `00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.000`;
// Untimed cues (no word times) from 15 s to 99 s, two speakers taking turns.
const FILLER = Array.from({ length: 28 }, (_, i) => {
  const at = 15 + i * 3;
  return `${clock(at)} --> ${clock(at + 3)}\n<v ${i % 2 ? 'Bo' : 'Ann'}>Filler sentence number ${i + 1}, about tones and silence.\n`;
}).join('\n');
const LAST = `00:01:40.000 --> 00:01:44.000\n<v Sam>And <00:01:41.000>that <00:01:42.000>is <00:01:42.500>all.\n`;
const VTT = `${KARAOKE.trimEnd()}\n\n${FILLER}\n${LAST}`;
const TOML = 'title = "Karaoke"\nshow = "Test Signals"\ndate = "2025-01-01"\naudio = "episode.wav"\n';

let index;
let dump;
let pageUrl;
const ctx = suite({
  setup(ctx) {
    const dir = writeEpisode(ctx, 'karaoke', { 'transcript.vtt': VTT, 'episode.toml': TOML, 'episode.wav': sineWav(105) });
    index = ctx.buildIndex(dir, 'karaoke/karaoke.idx');
    dump = cliDump(index.path);
    pageUrl = (hash = '') => ctx.widgetUrl(index.url, { at: '/fixtures/karaoke/widget.html', hash });
  },
});

/** The word the oracle says is spoken at `t` seconds (null when none). */
function wordAt(t) {
  const id = segmentAt(dump, t);
  const timed = (dump.segments[id].words ?? []).filter((w) => w.start <= t + 1e-9);
  return timed.length ? { segment: id, text: timed.at(-1).text } : null;
}

const segmentOf = (text) => dump.segments.find((s) => s.text.includes(text)).id;

async function page(hash = '', options = {}) {
  const p = await ctx.newPage({ viewport: { width: 1000, height: 640 }, ...options });
  await openWidget(p, pageUrl(hash));
  await p.waitForSelector('[data-verbatim] [data-segment]');
  return p;
}

/** The marked words (normally one) with their rows, and the audio's state. */
const words = (p) =>
  p.evaluate(() => {
    const root = document.querySelector('[data-verbatim]');
    const audio = root.querySelector('audio');
    return {
      time: audio.currentTime,
      paused: audio.paused,
      words: [...root.querySelectorAll('[data-word-current]')].map((w) => {
        const row = w.closest('[data-segment]');
        return {
          text: w.textContent,
          html: w.innerHTML.replace(/<!--.*?-->/g, ''), // without Leptos's placeholders
          segment: Number(row.getAttribute('data-segment')),
          rowIsCurrent: row.getAttribute('aria-current') === 'true',
          rowText: row.querySelector('.vb-text').textContent,
          rowMarks: [...row.querySelectorAll('.vb-text mark')].map((m) => m.textContent),
        };
      }),
    };
  });

/** Seeks to `t` seconds and plays at `rate` (slowly: each word lasts a few real seconds). */
async function playFrom(p, t, rate = 0.25) {
  await p.waitForFunction(() => document.querySelector('[data-verbatim] audio').readyState >= 1, null, { timeout: 10_000 });
  await p.$eval('[data-verbatim] audio', (a, [t, rate]) => { a.playbackRate = rate; a.currentTime = t; return a.play(); }, [t, rate]);
}

/** Waits until the one marked word is `text`, in the current row, and is the oracle's word at the audio's time. */
async function waitForWord(p, text) {
  return poll(
    () => words(p),
    (s) => s.words.length === 1 && s.words[0].text === text && s.words[0].rowIsCurrent
      && wordAt(s.time)?.text === text && wordAt(s.time)?.segment === s.words[0].segment,
    { message: `"${text}" marked as the word spoken` },
  );
}

test('the episode has word times where the karaoke cues were', () => {
  assert.deepEqual(dump.segments[0].words.map((w) => w.text), ['Never', 'drink', 'liquid', 'nitrogen.']);
  assert.ok(dump.segments.filter((s) => s.words).length >= 4, 'the fixture\'s segments and the last one have words');
  assert.ok(dump.segments.some((s) => !s.words && s.text.startsWith('Filler')), 'the filler has none');
  assert.ok(dump.segments.length > 20, 'long enough that the last row starts off screen');
});

test('during playback the word being spoken is marked, and only its row repaints', async () => {
  const p = await page();
  assert.deepEqual((await words(p)).words, [], 'no word before playback');
  await playFrom(p, 2.3);
  const first = await waitForWord(p, 'liquid');
  assert.equal(first.words[0].segment, 0);
  assert.equal(first.words[0].rowText, dump.segments[0].text, 'the text is unchanged around the word');
  // Record which rows change until the word moves on to "nitrogen." (at 3.0 s).
  await p.evaluate(() => {
    window.repainted = new Set();
    new MutationObserver((records) => {
      for (const r of records) {
        const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        window.repainted.add(node?.closest('[data-segment]')?.getAttribute('data-segment') ?? 'outside rows');
      }
    }).observe(document.querySelector('[data-verbatim] .vb-list'), { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await waitForWord(p, 'nitrogen.');
  assert.deepEqual(await p.evaluate(() => [...window.repainted]), ['0'], 'only the playing row changed');

  for (const [t, text] of [[6.3, 'perforate'], [10.3, 'die.'], [101.3, 'that']]) {
    await playFrom(p, t);
    const s = await waitForWord(p, text);
    await waitForCurrent(p, s.words[0].segment);
  }
  await p.$eval('[data-verbatim] audio', (a) => a.pause());
  // Paused, the current row is the selected one (none here): no word either.
  await poll(() => words(p), (s) => s.words.length === 0, { message: 'no word once paused with nothing selected' });
  assertNoErrors(p);
});

test('clicking a segment plays from it and marks its words as they come', async () => {
  const p = await page();
  const id = segmentOf('perforate');
  await p.$eval('[data-verbatim] audio', (a) => { a.playbackRate = 0.25; });
  await p.click(`[data-verbatim] [data-segment="${id}"] .vb-time`);
  await waitForWord(p, 'It');
  await p.$eval('[data-verbatim] audio', (a) => a.pause());
  // Paused inside the selected segment: its word stays.
  const paused = await poll(() => words(p), (s) => s.paused, { message: 'paused' });
  assert.deepEqual(paused.words.map((w) => [w.segment, w.text, w.rowIsCurrent]), [[id, 'It', true]]);
  assertNoErrors(p);
});

test('text selected in the playing row stays selected as the word moves on', async () => {
  const p = await page();
  const id = segmentOf('perforate');
  await playFrom(p, 5.4);
  await waitForWord(p, 'It');
  // Selected to quote it, as a reader would, while the audio plays on.
  await p.$eval(`[data-verbatim] [data-segment="${id}"] .vb-text`, (text) => {
    const range = document.createRange();
    range.selectNodeContents(text);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  });
  // "perforate" is spoken from 6.0 s.
  await p.waitForFunction(() => document.querySelector('[data-verbatim] audio').currentTime > 6.2, null, { timeout: 15_000 });
  await p.waitForTimeout(300);
  assert.equal(await p.evaluate(() => getSelection().toString()), dump.segments[id].text, 'the selection is whole');
  // Once the selection is gone, the marked word catches up with the audio.
  await p.evaluate(() => getSelection().removeAllRanges());
  await waitForWord(p, 'perforate');
  await p.$eval('[data-verbatim] audio', (a) => a.pause());
  assertNoErrors(p);
});

test('search marks and the spoken word share the text', async () => {
  const p = await page();
  const phrase = '"drink liquid nitrogen"';
  const hits = cliSearch(index.path, phrase).hits;
  assert.deepEqual(hits.map((h) => h.segment), [0]);
  const [[b0, b1]] = hits[0].spans;
  await setQuery(p, phrase);
  await waitForCount(p, 1);
  // The word inside a match over three words: the match is cut at the word's edges.
  await playFrom(p, 2.3);
  let s = (await waitForWord(p, 'liquid')).words[0];
  assert.equal(s.html, '<mark class="vb-cut-start vb-cut-end">liquid</mark>', 'cut on both sides, drawn as one match');
  assert.deepEqual(s.rowMarks, ['drink ', 'liquid', ' nitrogen']);
  assert.equal(s.rowMarks.join(''), dump.segments[0].text.slice(b0, b1), 'together the marks are the CLI\'s span');
  assert.equal(s.rowText, dump.segments[0].text);
  // A match inside the word (which keeps its full stop).
  await setQuery(p, 'nitrogen');
  await waitForCount(p, 1);
  await playFrom(p, 3.3);
  s = (await waitForWord(p, 'nitrogen.')).words[0];
  assert.equal(s.html, '<mark>nitrogen</mark>.');
  assert.deepEqual(s.rowMarks, ['nitrogen']);
  // A word before the match, in the same row: the match is untouched.
  await playFrom(p, 1.7);
  s = (await waitForWord(p, 'drink')).words[0];
  assert.equal(s.html, 'drink');
  assert.deepEqual(s.rowMarks, ['nitrogen']);
  await p.$eval('[data-verbatim] audio', (a) => a.pause());
  assertNoErrors(p);
});

for (const [hash, want] of [
  ['t=2.5', { text: 'liquid', marks: [] }],
  ['t=1:42', { text: 'is', marks: [] }],
  ['t=101.5', { text: 'that', marks: [] }],
  ['q=nitrogen&t=2.5', { text: 'liquid', marks: ['nitrogen'] }],
  ['t=5.4,9', { text: 'It', marks: [] }],
]) {
  test(`#${hash} lands on the word "${want.text}"`, async () => {
    const p = await page('#' + hash);
    const s = await poll(() => words(p), (s) => s.words.length === 1, { message: 'one marked word' });
    const w = s.words[0];
    assert.equal(w.text, want.text);
    assert.equal(w.rowIsCurrent, true, 'in the current row');
    assert.deepEqual(w.rowMarks, want.marks);
    assert.equal(w.rowText, dump.segments[w.segment].text);
    assert.equal(s.paused, true, 'as if paused there: nothing plays');
    await assertSettlesInViewport(p, w.segment);
    assertNoErrors(p);
  });
}

test('#t= in a segment without word times marks the segment only', async () => {
  const p = await page('#t=20');
  const id = segmentAt(dump, 20);
  assert.equal(dump.segments[id].words, undefined);
  await waitForCurrent(p, id);
  assert.deepEqual((await words(p)).words, []);
  assertNoErrors(p);
});

test('a new t= in the fragment moves the word; clearing it removes the word', async () => {
  const p = await page('#t=2.5');
  await poll(() => words(p), (s) => s.words[0]?.text === 'liquid', { message: 'liquid' });
  await p.evaluate(() => { location.hash = '#t=3.5'; });
  await poll(() => words(p), (s) => s.words.length === 1 && s.words[0].text === 'nitrogen.', { message: 'nitrogen.' });
  await p.evaluate(() => { location.hash = '#t=6.1'; });
  await poll(() => words(p), (s) => s.words.length === 1 && s.words[0].text === 'perforate', { message: 'perforate' });
  await p.evaluate(() => { location.hash = ''; });
  await poll(() => words(p), (s) => s.words.length === 0, { message: 'no word' });
  assertNoErrors(p);
});

test('screenshots of the follow-along state (SCREENSHOTS=1)', { skip: !process.env.SCREENSHOTS }, async () => {
  const out = path.join(ROOT, 'tests', 'browser', 'output');
  mkdirSync(out, { recursive: true });
  for (const colorScheme of ['light', 'dark']) {
    for (const [name, width] of [['wide', 1000], ['narrow', 375]]) {
      const p = await page('#q=%22drink%20liquid%20nitrogen%22', { colorScheme, viewport: { width, height: 700 } });
      await waitForCount(p, 1);
      await playFrom(p, 2.3, 0.1);
      await waitForWord(p, 'liquid');
      await p.screenshot({ path: path.join(out, `words-${name}-${colorScheme}.png`) });
      await p.$eval('[data-verbatim] audio', (a) => a.pause());
    }
  }
});

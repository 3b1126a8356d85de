// A test episode with real audio (a generated 30 s WAV): clicking a segment
// seeks the audio there, and during playback the segment at the playback
// time is marked aria-current.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  suite, cliDump, openWidget, segments, waitForCurrent, poll, segmentAt, assertNoErrors, sineWav, writeEpisode,
} from './harness.mjs';

const CUES = [
  ['Ann', 'Welcome to the tone show, where we listen to one note.'],
  ['Bo', 'It is a sine wave at four hundred and forty hertz.'],
  ['Ann', 'Concert pitch, the A above middle C.'],
  ['Bo', 'Quiet, though: five percent of full scale.'],
  ['Ann', 'Long enough to test seeking and following along.'],
  ['Bo', 'And that is the whole episode. Thanks for listening.'],
];
const clock = (s) => `00:00:${String(s).padStart(2, '0')}.000`;
const VTT = 'WEBVTT\n\n' + CUES.map(([who, text], i) => `${clock(i * 5)} --> ${clock(i * 5 + 5)}\n<v ${who}>${text}\n`).join('\n');
const TOML = `title = "Tones"
show = "Test Signals"
date = "2025-01-01"
audio = "episode.wav"

[[speakers]]
id = "ann"
name = "Ann"

[[speakers]]
id = "bo"
name = "Bo"
`;

let index;
let dump;
let pageUrl;
const ctx = suite({
  setup(ctx) {
    const dir = writeEpisode(ctx, 'tones', { 'transcript.vtt': VTT, 'episode.toml': TOML, 'episode.wav': sineWav(30) });
    index = ctx.buildIndex(dir, 'tones/tones.idx');
    dump = cliDump(index.path);
    // The page lives in the episode's folder, so the relative audio URL resolves to its WAV.
    pageUrl = ctx.widgetUrl(index.url, { at: '/fixtures/tones/widget.html' });
  },
});

async function audioPage() {
  const page = await ctx.newPage();
  await openWidget(page, pageUrl);
  await page.waitForSelector('[data-verbatim] audio');
  // Wait until the browser knows the audio (metadata loaded).
  await page.waitForFunction(() => document.querySelector('[data-verbatim] audio').readyState >= 1, null, { timeout: 10_000 });
  return page;
}

const audioState = (page) =>
  page.$eval('[data-verbatim] audio', (a) => ({ currentTime: a.currentTime, paused: a.paused, duration: a.duration, src: a.currentSrc }));

test('the test episode is what the test wrote', () => {
  assert.equal(dump.segments.length, CUES.length, 'one segment per cue');
  assert.equal(dump.audio, 'episode.wav');
  dump.segments.forEach((s, i) => {
    assert.equal(s.start, i * 5);
    assert.equal(s.speaker, CUES[i][0].toLowerCase());
  });
});

test('the widget has the audio player, loaded from the relative URL', async () => {
  const page = await audioPage();
  assert.equal(await page.getAttribute('[data-verbatim] .vb-root', 'data-has-audio'), 'true');
  const a = await audioState(page);
  assert.equal(a.src, new URL('episode.wav', pageUrl).href);
  assert.ok(Math.abs(a.duration - 30) < 0.1, `duration ${a.duration}`);
  assert.equal((await segments(page)).length, CUES.length);
  assertNoErrors(page);
});

for (const [what, selector] of [['text', '.vb-text'], ['time button', '.vb-time']]) {
  test(`clicking a segment's ${what} seeks the audio to its start`, async () => {
    const page = await audioPage();
    for (const id of [3, 1, 5]) {
      await page.click(`[data-verbatim] [data-segment="${id}"] ${selector}`);
      const want = dump.segments[id].start;
      await poll(() => audioState(page), (a) => Math.abs(a.currentTime - want) <= 0.3, { message: `currentTime ≈ ${want}` });
      await waitForCurrent(page, id);
    }
    await page.$eval('[data-verbatim] audio', (a) => a.pause());
    assertNoErrors(page);
  });
}

test('during playback the segment at the playback time is current', async () => {
  const page = await audioPage();
  assert.deepEqual((await segments(page)).filter((s) => s.current), []);
  await page.$eval('[data-verbatim] audio', (a) => { a.currentTime = 12.5; return a.play(); });
  await waitForCurrent(page, segmentAt(dump, 12.5));
  // Let it play into the next segment; the highlight follows.
  const later = await poll(() => audioState(page), (a) => a.currentTime > 15.2, { timeout: 15_000, message: 'playback past 15 s' });
  assert.equal(later.paused, false);
  await waitForCurrent(page, segmentAt(dump, 15.2));
  await page.$eval('[data-verbatim] audio', (a) => a.pause());
  assertNoErrors(page);
});

test('playing from the first segment follows along', async () => {
  const page = await audioPage();
  await page.click('[data-verbatim] [data-segment="0"] .vb-text');
  await waitForCurrent(page, 0);
  const a = await poll(() => audioState(page), (a) => a.currentTime > 5.2, { timeout: 15_000, message: 'playback past 5 s' });
  assert.equal(a.paused, false, 'clicking a segment starts playback');
  await waitForCurrent(page, 1);
  await page.$eval('[data-verbatim] audio', (a) => a.pause());
  assertNoErrors(page);
});

// Sharing a quote: selecting text in the transcript offers "Share quote",
// which copies the quote with the speaker, the time and a link whose
// fragment (`t=<start>,<end>`) opens the view with that range highlighted;
// with audio, the range can be played, and playback stops at its end.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  suite, cliDump, DEMO_EPISODE, SEGMENTS, openWidget, waitForCurrent, poll, assertNoErrors, sineWav, writeEpisode,
} from './harness.mjs';

let demo;
let tones;
let tonesUrl;
const ctx = suite({
  setup(ctx) {
    demo = cliDump(ctx.buildIndex(DEMO_EPISODE, 'demo.idx').path);
    const vtt = 'WEBVTT\n\n' + [0, 1, 2, 3, 4, 5]
      .map((i) => `00:00:${String(i * 5).padStart(2, '0')}.000 --> 00:00:${String(i * 5 + 5).padStart(2, '0')}.000\n<v ${i % 2 ? 'Bo' : 'Ann'}>Sentence number ${i} of the tone show.\n`)
      .join('\n');
    const dir = writeEpisode(ctx, 'quote-tones', { 'transcript.vtt': vtt, 'episode.toml': 'title = "Tones"\naudio = "episode.wav"\n', 'episode.wav': sineWav(30) });
    tones = ctx.buildIndex(dir, 'quote-tones/t.idx');
    tonesUrl = ctx.widgetUrl(tones.url, { at: '/fixtures/quote-tones/widget.html' });
  },
});

/** Selects the first `chars` characters of segment `from`'s text through segment `to`'s. */
async function select(page, from, to, chars = 30) {
  await page.evaluate(({ from, to, chars }) => {
    document.querySelector(`[data-segment="${from}"]`).scrollIntoView({ block: 'center' });
    const text = (id) => document.querySelector(`[data-segment="${id}"] .vb-text`).firstChild;
    const range = document.createRange();
    range.setStart(text(from), 0);
    const end = text(to);
    range.setEnd(end, Math.min(chars, end.textContent.length));
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }, { from, to, chars });
}

test('selecting text offers "Share quote", which copies the quote, speaker, time and a range link', async () => {
  const page = await ctx.newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(ctx.origin + '/');
  await page.waitForSelector(SEGMENTS);
  await select(page, 20, 21);
  await page.click('[data-share-quote]');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const [a, b] = [demo.segments[20], demo.segments[21]];
  const name = demo.speakers.find((s) => s.id === a.speaker).name;
  assert.match(copied, new RegExp(`^“${a.text.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.ok(copied.includes(`— ${name}`), copied);
  const link = copied.split('\n').pop();
  assert.ok(link.includes(`#t=${a.start},${b.end}`), `link ${link} should carry t=${a.start},${b.end}`);
  assert.equal(await page.locator('[data-share-quote]').count(), 0, 'the button goes away once used');

  // The link opens the view with exactly the quoted range highlighted.
  const fresh = await ctx.newPage();
  await fresh.goto(link);
  await waitForCurrent(fresh, 20);
  const inRange = await fresh.$$eval('.vb-in-range[data-segment]', (els) => els.map((e) => Number(e.dataset.segment)));
  assert.deepEqual(inRange, [20, 21]);
  assertNoErrors(fresh, 'quote link');
});

test('a quoted range plays from its start and stops at its end', async () => {
  const page = await ctx.newPage();
  await openWidget(page, tonesUrl + '#t=10,15');
  await page.waitForFunction(() => document.querySelector('[data-verbatim] audio')?.readyState >= 1, null, { timeout: 10_000 });
  await page.click('[data-play-range]');
  await poll(() => page.$eval('[data-verbatim] audio', (a) => a.currentTime), (t) => t > 10.2, { message: 'playback inside the range' });
  const end = await poll(
    () => page.$eval('[data-verbatim] audio', (a) => ({ t: a.currentTime, paused: a.paused })),
    (s) => s.paused,
    { timeout: 15_000, message: 'playback to stop at the end of the range' },
  );
  assert.ok(end.t >= 15 && end.t < 16, `stopped at ${end.t}, expected just after 15 s`);
});

// The rest of what a reader does on the demo: the timeline (click and
// keyboard), chapters, copying and downloading the whole or the shown part,
// and "Back to now" after scrolling away from the playing segment.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  suite, cliDump, cliSearch, DEMO_EPISODE, SEGMENTS, setQuery, waitForCount, waitForCurrent, poll, segmentAt,
  currentIds, openWidget, sineWav, writeEpisode,
} from './harness.mjs';

let demo;
let index;
let tonesUrl;
const ctx = suite({
  setup(ctx) {
    index = ctx.buildIndex(DEMO_EPISODE, 'demo.idx');
    demo = cliDump(index.path);
    const clock = (s) => `00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.000`;
    const vtt = 'WEBVTT\n\n' + Array.from({ length: 12 }, (_, i) =>
      `${clock(i * 5)} --> ${clock(i * 5 + 5)}\n<v ${i % 2 ? 'Bo' : 'Ann'}>Line ${i} of a long enough tone episode to scroll around in, with some more words to wrap.\n`).join('\n');
    const dir = writeEpisode(ctx, 'extras-tones', { 'transcript.vtt': vtt, 'episode.toml': 'title = "Tones"\naudio = "episode.wav"\n', 'episode.wav': sineWav(60) });
    tonesUrl = ctx.widgetUrl(ctx.buildIndex(dir, 'extras-tones/t.idx').url, { at: '/fixtures/extras-tones/widget.html' });
  },
});

async function demoPage(options = {}) {
  const page = await ctx.newPage(options);
  await page.goto(ctx.origin + '/');
  await page.waitForSelector(SEGMENTS);
  return page;
}

test('clicking the timeline jumps to the segment at that point of the episode', async () => {
  const page = await demoPage();
  const box = await page.locator('[data-timeline]').boundingBox();
  await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
  const want = segmentAt(demo, demo.duration * 0.75);
  const [got] = await poll(() => currentIds(page), (ids) => ids.length === 1, { message: 'a current segment' });
  // Within the segments around three quarters (pixel rounding).
  const at = demo.segments[got].start / demo.duration;
  assert.ok(Math.abs(at - 0.75) < 0.01, `segment ${got} starts at ${at} of the episode, want ~0.75 (segment ${want})`);
  assert.match(await page.evaluate(() => location.hash), /t=/);
});

test('the timeline is a keyboard slider: arrows step 30 s, End goes to the end', async () => {
  const page = await demoPage();
  await page.focus('[data-timeline]');
  await page.keyboard.press('End');
  await waitForCurrent(page, demo.segments.length - 1);
  await page.keyboard.press('Home');
  await waitForCurrent(page, 0);
  await page.keyboard.press('ArrowRight');
  await waitForCurrent(page, segmentAt(demo, 30));
  const now = await page.getAttribute('[data-timeline]', 'aria-valuenow');
  assert.equal(Number(now), Math.floor(demo.segments[segmentAt(demo, 30)].start));
});

test('a chapter jumps to where it starts', async () => {
  const page = await demoPage();
  await page.click('.vb-chapters summary');
  const chapter = demo.chapters[3];
  await page.locator('.vb-chapter').nth(3).click();
  await waitForCurrent(page, segmentAt(demo, chapter.start));
});

test('copy and download give the whole transcript, or only the shown part, with speakers and times', async () => {
  const page = await demoPage({ permissions: ['clipboard-read', 'clipboard-write'], acceptDownloads: true });
  await page.locator('.vb-actions button', { hasText: 'Copy text' }).click();
  const whole = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(whole.split('\n\n[').length - 1, demo.segments.length, 'one paragraph per segment');
  assert.ok(whole.includes(`[≈0:00] Alex Kantrowitz: ${demo.segments[0].text}`), whole.slice(0, 300));

  await setQuery(page, 'robots');
  const hits = cliSearch(index.path, 'robots').hits.map((h) => h.segment);
  await waitForCount(page, hits.length);
  await page.locator('.vb-actions button', { hasText: 'Copy shown' }).click();
  const shown = await page.evaluate(() => navigator.clipboard.readText());
  for (const id of hits) assert.ok(shown.includes(demo.segments[id].text), `segment ${id} is in the copied part`);
  assert.equal(shown.split('\n\n[').length - 1, hits.length);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('.vb-actions button', { hasText: 'Download shown' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'transcript.txt');
  assert.equal(readFileSync(await download.path(), 'utf8'), shown);
});

test('scrolling away from the playing segment stops following and offers "Back to now"', async () => {
  const page = await ctx.newPage({ viewport: { width: 1000, height: 400 } });
  await openWidget(page, tonesUrl);
  await page.waitForFunction(() => document.querySelector('[data-verbatim] audio')?.readyState >= 1, null, { timeout: 10_000 });
  await page.locator('[data-segment="2"] .vb-time').click();
  // Playing for real (the selection alone would also make segment 2 current).
  await poll(
    () => page.$eval('[data-verbatim] audio', (a) => ({ paused: a.paused, t: a.currentTime })),
    (s) => !s.paused && s.t > 10.3,
    { timeout: 15_000, message: 'playback past the start of segment 2' },
  );
  await page.mouse.move(500, 300);
  await page.mouse.wheel(0, 2000);
  const back = page.locator('button', { hasText: 'Back to now' });
  await back.waitFor();
  await back.click();
  await back.waitFor({ state: 'detached' });
  const [playing] = await currentIds(page);
  const box = await page.locator(`[data-segment="${playing}"]`).boundingBox();
  assert.ok(box && box.y + box.height > 0 && box.y < 400, 'the playing segment is back in view');
});

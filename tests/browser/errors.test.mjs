// Bad data never panics: a damaged, truncated, missing or foreign index
// shows a `[role="alert"]` box; and the demo's happy path logs nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  suite, cliSearch, DEMO_EPISODE, ROOT, SEARCH, openWidget, setQuery, waitForCount, waitForCurrent, poll,
  assertNoErrors, assertNoPanic,
} from './harness.mjs';

let demo;
const ctx = suite({
  setup(ctx) {
    demo = ctx.buildIndex(DEMO_EPISODE, 'demo.idx');
    const good = readFileSync(demo.path);
    const corrupt = Buffer.from(good);
    for (let i = 0; i < 16; i++) corrupt[Math.floor(good.length / 2) + i] ^= 0xa5;
    ctx.writeFixture('corrupt.idx', corrupt);
    const badHeader = Buffer.from(good);
    badHeader[8] ^= 0xff; // the version
    ctx.writeFixture('bad-version.idx', badHeader);
    ctx.writeFixture('truncated.idx', good.subarray(0, Math.floor(good.length / 3)));
    ctx.writeFixture('magic-only.idx', good.subarray(0, 5));
    ctx.writeFixture('empty.idx', Buffer.alloc(0));
    // A header whose payload length is near u32::MAX: HEADER_LEN + length
    // wraps a 32-bit usize (the widget's) to 16, short of the header itself.
    const wrapping = Buffer.alloc(36);
    good.copy(wrapping, 0, 0, 12); // magic, version, reserved
    wrapping.writeUInt32LE(0xfffffffc, 12);
    ctx.writeFixture('wrapping-length.idx', wrapping);
    ctx.writeFixture('transcript.vtt', readFileSync(path.join(ROOT, 'tests/fixtures/vtt/basic.vtt')));
    ctx.writeFixture('page.html', '<!DOCTYPE html><p>Not an index</p>\n');
    ctx.writeFixture('no-audio/transcript.vtt', 'WEBVTT\n\n00:00.000 --> 00:05.000\nHello there.\n\n00:05.000 --> 00:09.000\nSecond one.\n');
    ctx.writeFixture('no-audio/episode.toml', 'title = "Missing audio"\naudio = "missing.mp3"\n');
    ctx.buildIndex(ctx.fixturePath('no-audio'), 'no-audio/a.idx');
    // No segments but a chapter: `verbatim index` refuses a transcript
    // without words, so the index comes from the fixture the native tests
    // keep equal to what the writer makes.
    ctx.writeFixture('empty-chapter/e.idx', readFileSync(path.join(ROOT, 'tests/fixtures/index/empty-chapter.idx')));
    // Sound bytes whose dictionary fingerprint is another tokenizer's.
    ctx.writeFixture('other-tokenizer.idx', readFileSync(path.join(ROOT, 'tests/fixtures/index/other-tokenizer.idx')));
  },
});

const CASES = [
  ['a corrupt index (16 bytes flipped)', '/fixtures/corrupt.idx'],
  ['an index with a bad header', '/fixtures/bad-version.idx'],
  ['a truncated index', '/fixtures/truncated.idx'],
  ['a 5-byte prefix of an index', '/fixtures/magic-only.idx'],
  ['an empty file', '/fixtures/empty.idx'],
  ['a 36-byte index whose length wraps on 32 bits', '/fixtures/wrapping-length.idx'],
  ['a 404', '/fixtures/no-such.idx'],
  ['a WebVTT file instead of an index', '/fixtures/transcript.vtt'],
  ['an HTML page instead of an index', '/fixtures/page.html'],
  ['an unreachable server', 'http://127.0.0.1:9/x.idx'],
];

test('an index from another tokenizer shows its text, and an alert that it cannot be searched', async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.widgetUrl('/fixtures/other-tokenizer.idx'));
  const alert = page.locator('[data-verbatim] [role="alert"]');
  await alert.waitFor({ timeout: 15_000 });
  assert.match((await alert.textContent()).trim(), /^Search unavailable\. This transcript cannot be searched: .*tokenizer/);
  assert.ok((await page.locator('[data-verbatim] [data-segment]').count()) > 0, 'the text is shown');
  await page.fill(SEARCH, 'hello');
  await page.waitForFunction(() => document.querySelector('[data-verbatim] [data-match-count]')?.getAttribute('data-match-count') === '0');
  assertNoPanic(page, 'other tokenizer');
});

for (const [what, src] of CASES) {
  test(`${what} shows an alert, not a panic`, async () => {
    const page = await ctx.newPage();
    await page.goto(ctx.widgetUrl(src));
    const alert = page.locator('[data-verbatim] [role="alert"]');
    await alert.waitFor({ timeout: 15_000 }).catch(async (e) => {
      throw new Error(`no [role="alert"] for ${src}; page errors: ${JSON.stringify(page.pageErrors)}; console: ${JSON.stringify(page.consoleErrors)}`);
    });
    const message = (await alert.textContent()).trim();
    assert.ok(message.length > 20, `a message in the alert: ${JSON.stringify(message)}`);
    assert.match(message, /unavailable|cannot|could not/i);
    assert.equal(await page.locator('[data-verbatim] [data-segment]').count(), 0);
    assert.equal(await page.locator(SEARCH).count(), 0);
    assertNoPanic(page, src);
    // The only console error allowed is the browser's own report of the failed fetch.
    const others = page.consoleErrors.filter((m) => !/^Failed to load resource/.test(m));
    assert.deepEqual(others, [], 'console errors');
  });
}

test('an episode whose audio cannot load: clicking a segment throws nothing', async () => {
  // The audio 404s; clicking a segment seeks and calls audio.play(), whose
  // promise then rejects. The widget must handle that rejection.
  const page = await ctx.newPage();
  await openWidget(page, ctx.widgetUrl('/fixtures/no-audio/a.idx', { at: '/fixtures/no-audio/widget.html' }));
  await page.click('[data-verbatim] [data-segment="1"] .vb-text');
  await waitForCurrent(page, 1);
  await page.click('[data-verbatim] [data-segment="0"] .vb-time');
  await waitForCurrent(page, 0);
  await page.waitForTimeout(500); // the rejection arrives asynchronously
  assert.deepEqual(page.pageErrors, [], 'uncaught errors (an unhandled audio.play() rejection?)');
  assertNoPanic(page);
});

test('the demo happy path logs no console errors or page errors', async () => {
  const page = await ctx.newPage();
  await openWidget(page, ctx.origin + '/');
  const q = cliSearch(demo.path, 'china');
  await page.click(SEARCH);
  await page.keyboard.type('china');
  await waitForCount(page, q.total);
  await page.keyboard.press('Enter');
  await waitForCurrent(page, q.hits[0].segment);
  await page.keyboard.press('Enter');
  await waitForCurrent(page, q.hits[1].segment);
  await page.keyboard.press('Shift+Enter');
  await waitForCurrent(page, q.hits[0].segment);
  await page.getByLabel('Only matches').check();
  await page.getByLabel('Only matches').uncheck();
  await page.click('[data-verbatim] button[data-speaker-filter="grace-shao"]');
  await waitForCount(page, cliSearch(demo.path, 'china', ['grace-shao']).total);
  await page.click('[data-verbatim] button[data-speaker-filter="grace-shao"]');
  await page.keyboard.press('Escape').catch(() => {});
  await page.focus(SEARCH);
  await page.keyboard.press('Escape');
  await poll(() => page.inputValue(SEARCH), (v) => v === '', { message: 'cleared' });
  await page.click('[data-verbatim] [data-segment="30"] .vb-time');
  await waitForCurrent(page, 30);
  await page.click('[data-verbatim] [data-segment="31"] .vb-text');
  await waitForCurrent(page, 31);
  await page.click('[data-verbatim] [data-timeline]', { position: { x: 300, y: 5 } });
  await page.evaluate(() => { location.hash = 't=20:00&q=robot'; });
  await poll(() => page.inputValue(SEARCH), (v) => v === 'robot', { message: 'hashchange applied' });
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.mouse.wheel(0, -2000);
  await page.waitForTimeout(300);
  assertNoErrors(page);
});

test('an episode with no segments but a chapter: clicking the chapter and searching panic nothing', async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.widgetUrl('/fixtures/empty-chapter/e.idx'));
  await page.locator(SEARCH).waitFor();
  await page.click('[data-verbatim] .vb-chapters summary');
  await page.click('[data-verbatim] .vb-chapter');
  await page.fill(SEARCH, 'anything');
  await page.locator('[data-verbatim] [data-match-count="0"]').waitFor();
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  assert.deepEqual(page.pageErrors, []);
  assertNoPanic(page);
});

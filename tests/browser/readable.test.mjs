// Readable before and without JavaScript: `verbatim embed` writes the
// transcript as semantic HTML (transcript.html) that the publisher pastes
// inside the script embed's element. Without scripts, or to a search engine
// or a reader mode, the post shows every segment; when the widget loads it
// takes over and the pasted copy is no longer shown.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { suite, cli, cliDump, DEMO_EPISODE, assertNoErrors } from './harness.mjs';

let dump;
const ctx = suite({
  setup(ctx) {
    dump = cliDump(ctx.buildIndex(DEMO_EPISODE, 'demo.idx').path);
    cli('embed', DEMO_EPISODE, '--out', ctx.fixturePath('readable'));
    const pasted = readFileSync(ctx.fixturePath('readable/transcript.html'), 'utf8');
    ctx.writeFixture('readable/post.html', `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Post</title><link rel="icon" href="data:,"></head>
<body><main><h1>A post</h1><div data-verbatim data-src="episode.idx">${pasted}</div></main><script src="verbatim-embed.js" defer></script></body></html>`);
  },
});

test('without JavaScript the post shows every segment, with speakers, times and chapter headings', async () => {
  const page = await ctx.newPage({ javaScriptEnabled: false });
  await page.goto(ctx.origin + '/fixtures/readable/post.html');
  const section = page.locator('[data-verbatim] section.verbatim-transcript');
  assert.ok(await section.isVisible(), 'the pasted transcript is shown');
  const paragraphs = section.locator('p');
  assert.equal(await paragraphs.count(), dump.segments.length, 'one paragraph per segment');
  for (const i of [0, Math.floor(dump.segments.length / 2), dump.segments.length - 1]) {
    const text = await paragraphs.nth(i).innerText();
    assert.ok(text.includes(dump.segments[i].text.slice(0, 40)), `segment ${i}: ${text.slice(0, 80)}`);
    const speaker = dump.speakers.find((s) => s.id === dump.segments[i].speaker);
    if (speaker) assert.ok(text.startsWith(speaker.name), `segment ${i} names its speaker: ${text.slice(0, 40)}`);
    assert.equal(await paragraphs.nth(i).locator('time').count(), 1);
  }
  assert.ok(await section.locator('h3').count() > 0, 'chapter headings');
});

test('with JavaScript the widget takes over and the pasted copy is not shown', async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.origin + '/fixtures/readable/post.html');
  await page.locator('[data-verbatim] [data-segment]').first().waitFor();
  assert.equal(await page.locator('[data-verbatim] [data-segment]').count(), dump.segments.length);
  const shown = await page.evaluate(() => document.querySelector('[data-verbatim] > section.verbatim-transcript').checkVisibility());
  assert.equal(shown, false, 'the pasted transcript is hidden behind the widget');
  assertNoErrors(page);
});

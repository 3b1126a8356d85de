// The iframe embed (`frame.html` + optional `verbatim-frame.js` in the
// host): the frame's height follows its content, the host's URL follows the
// frame's view under the frame's prefix, "share this view" links point at
// the host post, and a shared post link opens the frame at that view.
// Without the host script the frame still works on its own.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, poll, assertNoErrors } from './harness.mjs';

const ctx = suite({
  setup(ctx) {
    ctx.writeFixture('bare/index.html', `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head>
<body><iframe src="/demo/embed/frame.html" title="Transcript" style="width:100%;height:600px;border:0"></iframe></body></html>`);
  },
});

const FRAME = 'iframe[data-verbatim-frame]';

async function openPost(hash = '') {
  const page = await ctx.newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(ctx.origin + '/demo/index.html' + hash);
  // A reader scrolls to it (the frame loads lazily).
  await page.locator(FRAME).scrollIntoViewIfNeeded();
  const frame = page.frameLocator(FRAME);
  await frame.locator('[data-segment]').first().waitFor();
  return { page, frame };
}

test('the frame grows to the height of its content', async () => {
  const { page } = await openPost();
  const sizes = await poll(
    () => page.$eval(FRAME, (f) => ({ outer: f.getBoundingClientRect().height, inner: f.contentDocument.body.scrollHeight })),
    (s) => s.outer > 640 && Math.abs(s.outer - s.inner) <= 2,
    { message: 'the frame height to match its content' },
  );
  assert.ok(sizes.outer > 1000, `frame is ${sizes.outer}px tall`);
  assertNoErrors(page, 'post with iframe');
});

test("the host URL follows the frame's view, and share links point at the post", async () => {
  const { page, frame } = await openPost();
  await frame.locator('input[type="search"]').fill('robots');
  await poll(() => page.evaluate(() => location.hash), (h) => h.includes('f-q=robots'), { message: 'host fragment f-q=robots' });
  await frame.locator('button', { hasText: 'Share view' }).click();
  // The clipboard write is asynchronous.
  const link = await poll(() => page.evaluate(() => navigator.clipboard.readText()), (t) => t.includes('#'), { message: 'the copied link' });
  const post = new URL('/demo/index.html', ctx.origin).href;
  assert.ok(link.startsWith(post + '#'), `share link ${link} should point at ${post}`);
  assert.ok(link.includes('f-q=robots'), link);

  // Opening that link opens the frame at the same view.
  const fresh = await openPost(link.slice(link.indexOf('#')));
  await poll(() => fresh.frame.locator('input[type="search"]').inputValue(), (v) => v === 'robots', { message: 'restored query' });
});

test('without the host script the frame works on its own', async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.origin + '/fixtures/bare/index.html');
  const frame = page.frameLocator('iframe');
  await frame.locator('[data-segment]').first().waitFor();
  await frame.locator('input[type="search"]').fill('hangzhou');
  const count = await poll(() => frame.locator('[data-match-count]').getAttribute('data-match-count'), (c) => Number(c) > 0, { message: 'matches' });
  assert.ok(Number(count) > 0);
  assertNoErrors(page, 'bare iframe');
});

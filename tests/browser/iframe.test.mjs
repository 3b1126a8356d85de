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

test('in a frame as tall as its content, the search bar stays on screen as the post scrolls', async () => {
  const { page, frame } = await openPost();
  await poll(() => page.$eval(FRAME, (f) => f.getBoundingClientRect().height), (h) => h > 3000, { message: 'the frame to grow' });
  const barTop = async () => {
    const frameTop = await page.$eval(FRAME, (f) => f.getBoundingClientRect().top);
    return frameTop + (await frame.locator('input[type="search"]').evaluate((el) => el.getBoundingClientRect().top));
  };
  // The post scrolled to well inside the transcript: the bar is at the
  // window's top, not scrolled away with the frame.
  for (const into of [1500, 2600]) {
    await page.evaluate((y) => scrollTo(0, document.querySelector('iframe[data-verbatim-frame]').getBoundingClientRect().top + scrollY + y), into);
    const top = await poll(barTop, (t) => t >= 0 && t < 80, { message: `the search bar on screen ${into}px into the frame` });
    assert.ok(top >= 0, `${top}`);
  }
  // Typing there still searches, and the bar stays.
  await frame.locator('input[type="search"]').fill('robots');
  await poll(() => frame.locator('[data-match-count]').getAttribute('data-match-count'), (n) => Number(n) > 0, { message: 'matches' });
  // Back above the frame, the bar is where the frame starts.
  await page.evaluate(() => scrollTo(0, 0));
  const frameTop = await page.$eval(FRAME, (f) => f.getBoundingClientRect().top);
  await poll(barTop, (t) => t >= frameTop && t < frameTop + 600, { message: 'the bar back in its place' });
  assertNoErrors(page, 'post with a grown frame');
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

test('without the host script the frame scrolls inside itself, by wheel and keys', async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.origin + '/fixtures/bare/index.html');
  const handle = await page.locator('iframe').elementHandle();
  const inner = await handle.contentFrame();
  await inner.locator('[data-segment]').first().waitFor();
  assert.notEqual(await inner.evaluate(() => getComputedStyle(document.documentElement).overflowY), 'hidden');
  assert.ok(await inner.evaluate(() => document.documentElement.scrollHeight > innerHeight * 2), 'the content is taller than the frame');
  const box = await handle.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 1200);
  await poll(() => inner.evaluate(() => scrollY), (y) => y > 300, { message: 'the frame to scroll by wheel' });
  // And by keyboard: focus in the frame's page, then End.
  await inner.locator('.vb-title').click();
  const before = await inner.evaluate(() => scrollY);
  await page.keyboard.press('End');
  await poll(() => inner.evaluate(() => scrollY), (y) => y > before + 1000, { message: 'the frame to scroll by the End key' });
  assertNoErrors(page, 'bare iframe');
});

test('a post shown inside another frame (an editor preview) still sizes its transcript frame', async () => {
  const preview = ctx.writeFixture('preview.html', `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Preview</title><link rel="icon" href="data:,"></head>
<body style="margin:0"><iframe id="preview" src="/demo/index.html" title="Post preview" style="width:100%;height:900px;border:0"></iframe></body></html>`);
  const page = await ctx.newPage();
  await page.goto(ctx.origin + preview);
  const post = await (await page.locator('#preview').elementHandle()).contentFrame();
  await post.locator(FRAME).scrollIntoViewIfNeeded();
  const transcript = await (await post.locator(FRAME).elementHandle()).contentFrame();
  await transcript.locator('[data-segment]').first().waitFor();
  await poll(() => post.locator(FRAME).evaluate((f) => f.getBoundingClientRect().height), (h) => h > 1000, { message: 'the transcript frame to grow' });
  // The post itself (framed, but a host) still scrolls.
  assert.notEqual(await post.evaluate(() => getComputedStyle(document.documentElement).overflowY), 'hidden');
  assertNoErrors(page, 'preview');
});

test('on another origin the frame is sized and followed; the host checks origins, clamps heights and keeps foreign keys out', async () => {
  const port = new URL(ctx.origin).port;
  const cross = ctx.writeFixture('cross/post.html', `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Cross</title><link rel="icon" href="data:,"></head>
<body><iframe data-verbatim-frame="f-" src="http://localhost:${port}/demo/embed/frame.html" title="Transcript" allow="clipboard-write" style="width:100%;height:640px;border:0"></iframe>
<iframe data-verbatim-frame="x-" id="rogue" src="/fixtures/cross/rogue.html" title="Rogue" style="width:100%;height:300px;border:0"></iframe>
<script src="/demo/embed/verbatim-frame.js" defer></script></body></html>`);
  // A frame on the host's own origin that sends what no Verbatim frame would.
  ctx.writeFixture('cross/rogue.html', `<!DOCTYPE html><html><body><script>
parent.postMessage({ type: 'verbatim:height', height: 1e9 }, '*');
parent.postMessage({ type: 'verbatim:fragment', fragment: 'q=rogue&evil=1&utm_source=x' }, '*');
</script></body></html>`);
  const page = await ctx.newPage();
  await page.goto(ctx.origin + cross);
  const transcript = page.frameLocator('iframe[data-verbatim-frame="f-"]');
  await transcript.locator('[data-segment]').first().waitFor();
  await poll(() => page.locator('iframe[data-verbatim-frame="f-"]').evaluate((f) => f.getBoundingClientRect().height), (h) => h > 1000, { message: 'the cross-origin frame to grow' });
  await transcript.locator('input[type="search"]').fill('robots');
  await poll(() => page.evaluate(() => location.hash), (h) => h.includes('f-q=robots'), { message: 'host fragment f-q=robots' });
  // A forged host message with a share base on another origin changes nothing.
  await page.evaluate(() => {
    const frame = document.querySelector('iframe[data-verbatim-frame="f-"]');
    frame.contentWindow.postMessage({ type: 'verbatim:host', url: 'https://evil.example/post', prefix: 'f-' }, '*');
  });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  // The clipboard is the browser's, shared with earlier tests: start it empty.
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await transcript.locator('button', { hasText: 'Share view' }).click();
  // Copied, or (where the browser refuses) shown to copy by hand.
  const link = await poll(async () => (await page.evaluate(() => navigator.clipboard.readText()))
    || (await transcript.locator('[data-manual-copy] textarea').count() ? await transcript.locator('[data-manual-copy] textarea').inputValue() : ''),
  (t) => t.includes('q=robots'), { message: 'the shared link' });
  assert.ok(link.startsWith(ctx.origin + cross + '#'), `the share base stays the post: ${link}`);
  const rogue = await page.locator('#rogue').evaluate((f) => f.getBoundingClientRect().height);
  assert.ok(rogue <= 200000, `the rogue frame's height is clamped (${rogue})`);
  const hash = await page.evaluate(() => location.hash);
  assert.ok(!hash.includes('evil') && !hash.includes('utm_source'), `only the widget's keys reach the host URL: ${hash}`);
  assertNoErrors(page, 'cross-origin post');
});

// Where publishers put the embed: under a site header the page fixes at the
// top, and inside an app shell's scrolling box. The search bar sticks below
// the header, and at the top of the box's visible part, never under them.
const HEADER = 60;
const shell = (body, style) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Post</title><link rel="icon" href="data:,">
<style>${style}</style></head><body>${body}</body></html>`;

/** Opens a post and waits until its frame has grown to its content. */
async function openGrown(post) {
  const page = await ctx.newPage();
  await page.goto(ctx.origin + post);
  const frame = page.frameLocator(FRAME);
  await frame.locator('[data-segment]').first().waitFor();
  await poll(() => page.$eval(FRAME, (f) => f.getBoundingClientRect().height), (h) => h > 3000, { message: 'the frame to grow' });
  return { page, frame };
}

/** The top of the frame's search field in the post's window. */
async function fieldTopInPost(page, frame) {
  const frameTop = await page.$eval(FRAME, (f) => f.getBoundingClientRect().top);
  return frameTop + (await frame.locator('input[type="search"]').evaluate((el) => el.getBoundingClientRect().top));
}

test("under the post's fixed header, the frame's search bar sticks below it", async () => {
  const port = new URL(ctx.origin).port;
  const post = ctx.writeFixture('header/post.html', shell(`<header>My newsletter</header><main><p style="height:300px">Intro.</p>
<iframe data-verbatim-frame src="http://localhost:${port}/demo/embed/frame.html" title="Transcript" style="width:100%;height:640px;border:0"></iframe>
<script src="http://localhost:${port}/demo/embed/verbatim-frame.js" defer></script><p style="height:1500px">After.</p></main>`,
  `body { margin: 0 } header { position: fixed; top: 0; left: 0; right: 0; height: ${HEADER}px; background: #333; color: #fff; z-index: 10 }
main { margin: ${HEADER + 20}px auto 0; max-width: 700px }`));
  const { page, frame } = await openGrown(post);
  for (const into of [1500, 2600]) {
    await page.evaluate((y) => scrollTo(0, document.querySelector('iframe[data-verbatim-frame]').getBoundingClientRect().top + scrollY + y), into);
    await poll(() => fieldTopInPost(page, frame), (t) => t >= HEADER && t < HEADER + 80, { message: `the search field below the header ${into}px into the frame` });
  }
  // Typing there searches; the field is not under the header.
  await frame.locator('input[type="search"]').fill('robots');
  await poll(() => frame.locator('[data-match-count]').getAttribute('data-match-count'), (n) => Number(n) > 0, { message: 'matches' });
  const top = await fieldTopInPost(page, frame);
  const covered = await page.evaluate((y) => document.elementFromPoint(350, y + 5)?.tagName, top);
  assert.equal(covered, 'IFRAME', `the field's row is the frame's, not the header's (field at ${top}px)`);
  assertNoErrors(page, 'post with a fixed header');
});

test("in an app shell's scrolling box, the frame's search bar sticks at the box's visible top", async () => {
  const port = new URL(ctx.origin).port;
  const post = ctx.writeFixture('shell/post.html', shell(`<header>App shell</header><div id="app"><p style="height:300px">Intro.</p>
<iframe data-verbatim-frame src="http://localhost:${port}/demo/embed/frame.html" title="Transcript" style="width:100%;height:640px;border:0"></iframe>
<script src="http://localhost:${port}/demo/embed/verbatim-frame.js" defer></script><p style="height:1500px">After.</p></div>`,
  `html, body { margin: 0; height: 100%; overflow: hidden } header { height: ${HEADER}px; background: #333; color: #fff }
#app { position: absolute; top: ${HEADER}px; bottom: 0; left: 0; right: 0; overflow: auto }`));
  const { page, frame } = await openGrown(post);
  for (const into of [1500, 2600]) {
    await page.evaluate((y) => {
      const app = document.getElementById('app');
      app.scrollTop = document.querySelector('iframe[data-verbatim-frame]').offsetTop + y;
    }, into);
    await poll(() => fieldTopInPost(page, frame), (t) => t >= HEADER && t < HEADER + 80, { message: `the search field at the box's top ${into}px into the frame` });
  }
  assertNoErrors(page, 'post in an app shell');
});

// Accessibility: keyboard-only use, visible focus, an axe-core audit of the
// served demo page as a whole (its heading structure too) and of the widget
// (light and dark, idle and with a search active), and no horizontal scroll
// on a 360 px wide phone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  suite, cliSearch, DEMO_EPISODE, AXE, SEARCH, openWidget, setQuery, waitForCount, waitForCurrent, counterText, poll, assertNoErrors,
} from './harness.mjs';

let demo;
const ctx = suite({
  setup(ctx) {
    demo = ctx.buildIndex(DEMO_EPISODE, 'demo.idx');
  },
});

async function demoPage(options) {
  const page = await ctx.newPage(options);
  await openWidget(page, ctx.origin + '/');
  return page;
}

/** Describes the focused element. */
const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const seg = el.closest('[data-segment]');
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute('type'),
      filter: el.getAttribute('data-speaker-filter'),
      pressed: el.getAttribute('aria-pressed'),
      cls: el.className,
      segment: seg ? Number(seg.getAttribute('data-segment')) : null,
      focusVisible: el.matches(':focus-visible'),
      outline: getComputedStyle(el).outlineStyle,
      outlineWidth: getComputedStyle(el).outlineWidth,
      inWidget: !!el.closest('[data-verbatim]'),
    };
  });

/** Presses Tab until `check(focused)` holds; returns the focused element's description. */
async function tabUntil(page, check, what, max = 40, key = 'Tab') {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    seen.push(f && `${f.tag}.${f.cls}${f.filter ? `[${f.filter}]` : ''}`);
    if (f && check(f)) return f;
  }
  throw new Error(`${max}× ${key} never reached ${what}; focus went through: ${seen.join(' → ')}`);
}

test('keyboard only: / to search, Enter to a match, Tab to filters and segments', async () => {
  const q = cliSearch(demo.path, 'hangzhou');
  const page = await demoPage();
  // `/` from anywhere focuses the search field.
  await page.keyboard.press('/');
  const f = await focused(page);
  assert.equal(f?.tag, 'input', 'the search field has focus after /');
  assert.equal(f.type, 'search');
  assert.equal(await page.inputValue(SEARCH), '', 'the / is not typed into the field');
  await page.keyboard.type('hangzhou');
  await waitForCount(page, q.total);
  await page.keyboard.press('Enter');
  await waitForCurrent(page, q.hits[0].segment);
  assert.equal(await counterText(page), `1 of ${q.total}`);
  // A / typed inside the field is just a character.
  await page.keyboard.type('/');
  assert.equal(await page.inputValue(SEARCH), 'hangzhou/');
  assertNoErrors(page);
});

test('Tab reaches the speaker filters (Space/Enter toggle) and the segment time buttons (Enter jumps)', async () => {
  const page = await demoPage();
  const filter = await tabUntil(page, (f) => f.filter != null, 'a speaker filter button');
  assert.equal(filter.pressed, 'false');
  // Keyboard focus is visible.
  assert.ok(filter.focusVisible, 'the filter matches :focus-visible after Tab');
  assert.ok(filter.outline !== 'none' && filter.outlineWidth !== '0px', `visible focus outline (got ${filter.outline} ${filter.outlineWidth})`);
  await page.keyboard.press('Space');
  assert.equal((await focused(page)).pressed, 'true', 'Space presses the filter');
  await page.keyboard.press('Enter');
  assert.equal((await focused(page)).pressed, 'false', 'Enter releases the filter');
  const time = await tabUntil(page, (f) => f.segment != null && /vb-time/.test(f.cls), 'a segment time button');
  assert.ok(time.focusVisible && time.outline !== 'none', 'the time button shows focus');
  await page.keyboard.press('Enter');
  await waitForCurrent(page, time.segment);
  // The next segment's time button is a few Tabs on, and Enter moves the current segment.
  const next = await tabUntil(page, (f) => f.segment != null && f.segment !== time.segment && /vb-time/.test(f.cls), 'the next time button', 5);
  await page.keyboard.press('Enter');
  await waitForCurrent(page, next.segment);
  assertNoErrors(page);
});

test('the first Tab into the widget offers to skip past the transcript, and Enter does', async () => {
  const page = await demoPage();
  // A link after the widget, as a post has.
  await page.evaluate(() => {
    const after = document.createElement('a');
    after.href = '#comments';
    after.id = 'after-widget';
    after.textContent = 'Comments';
    document.querySelector('[data-verbatim]').after(after);
  });
  const skip = await tabUntil(page, (f) => f.inWidget, 'the widget');
  assert.match(skip.cls, /vb-skip/, 'the first stop in the widget is the skip button');
  const box = await page.locator('[data-verbatim] .vb-skip').boundingBox();
  assert.ok(box && box.width > 40 && box.height > 10, `it shows when focused (${JSON.stringify(box)})`);
  assert.equal(await page.locator('[data-verbatim] .vb-skip').textContent(), 'Skip past the transcript');
  await page.keyboard.press('Enter');
  const end = await focused(page);
  assert.equal(end?.tag, 'p', 'focus is at the end of the transcript');
  assert.ok(end.inWidget);
  // The next Tab leaves the widget: none of its hundreds of buttons.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'after-widget');
  // Unfocused, the button takes no room.
  const hidden = await page.locator('[data-verbatim] .vb-skip').boundingBox();
  assert.ok(!hidden || hidden.width <= 1, `hidden again (${JSON.stringify(hidden)})`);
  assertNoErrors(page);
});

test('the match navigation and "Only matches" work from the keyboard', async () => {
  const q = cliSearch(demo.path, 'hangzhou');
  const page = await demoPage();
  await page.keyboard.press('/');
  await page.keyboard.type('hangzhou');
  await waitForCount(page, q.total);
  const next = await tabUntil(page, (f) => f.tag === 'button', 'the previous/next buttons', 3);
  assert.equal(next.tag, 'button');
  await page.keyboard.press('Enter');
  await poll(() => counterText(page), (t) => /^\d+ of \d+$/.test(t), { message: 'n of N after a button press' });
  const box = await tabUntil(page, (f) => f.type === 'checkbox', 'the Only matches checkbox', 4);
  assert.ok(box);
  await page.keyboard.press('Space');
  await poll(() => page.$$eval('[data-verbatim] [data-segment]', (e) => e.length), (n) => n === q.total, { message: 'only matches' });
  assertNoErrors(page);
});

/** Runs axe on the widget, or with `scope` null on the whole document. */
async function axe(page, scope = '[data-verbatim]') {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (scope) => {
    const r = await window.axe.run(scope == null ? document : document.querySelector(scope));
    // An audit that checked nothing would pass vacuously.
    if (r.passes.length < 10) throw new Error(`axe ran only ${r.passes.length} passing rules on ${scope ?? 'the page'}`);
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ').slice(0, 200)}`),
      count: v.nodes.length,
    }));
  }, scope);
}

/** The page's headings in document order: level, text, and whether each is rendered. */
const headings = (page) =>
  page.$$eval('h1, h2, h3, h4, h5, h6, [role="heading"]', (els) =>
    els.map((el) => ({
      level: Number(el.getAttribute('aria-level') ?? el.tagName.slice(1)),
      text: el.textContent.replace(/\s+/g, ' ').trim(),
      visible: el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden',
    })),
  );

for (const colorScheme of ['light', 'dark']) {
  test(`the served demo page as a whole: one visible h1 above the widget's episode title, and axe finds no violations (${colorScheme})`, async () => {
    for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 800 }]) {
      const page = await demoPage({ colorScheme, viewport });
      await page.waitForSelector('[data-verbatim] [data-segment]');
      const hs = await headings(page);
      const h1s = hs.filter((h) => h.level === 1);
      assert.equal(h1s.length, 1, `exactly one h1 on the page: ${JSON.stringify(hs)}`);
      assert.ok(h1s[0].visible && /Verbatim/.test(h1s[0].text), `the h1 is visible and names the product: ${JSON.stringify(h1s[0])}`);
      assert.equal(hs[0].level, 1, `the h1 comes first: ${JSON.stringify(hs)}`);
      // No level skipped going down (h1 → h2 → h3 ...).
      hs.forEach((h, i) => i && assert.ok(h.level <= hs[i - 1].level + 1, `heading order skips a level at ${JSON.stringify(h)}: ${JSON.stringify(hs)}`));
      const title = await page.textContent('[data-verbatim] .vb-title');
      assert.ok(hs.some((h) => h.level === 2 && h.text === title.trim()), `the widget's episode title is an h2 under the h1: ${JSON.stringify(hs)}`);
      const violations = await axe(page, null);
      assert.deepEqual(violations, [], `${viewport.width} px: ${JSON.stringify(violations, null, 2)}`);
      assertNoErrors(page);
    }
  });

  test(`axe finds no violations (${colorScheme})`, async () => {
    const page = await demoPage({ colorScheme });
    const violations = await axe(page);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
  });

  test(`axe finds no violations with a search and a filter active (${colorScheme})`, async () => {
    const page = await demoPage({ colorScheme });
    const q = cliSearch(demo.path, 'china', ['grace-shao']);
    await setQuery(page, 'china');
    await page.click('[data-verbatim] button[data-speaker-filter="grace-shao"]');
    await waitForCount(page, q.total);
    await page.focus(SEARCH);
    await page.keyboard.press('Enter');
    await waitForCurrent(page, q.hits[0].segment);
    const violations = await axe(page);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    // And with no matches (the empty-state box).
    await setQuery(page, 'xqzvbnkw');
    await waitForCount(page, 0);
    const empty = await axe(page);
    assert.deepEqual(empty, [], JSON.stringify(empty, null, 2));
  });
}

test('no horizontal scroll at 360 px, idle and with a search and filter', async () => {
  const page = await demoPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const width = () => page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok((await width()) <= 360, `scrollWidth ${await width()} > 360`);
  await setQuery(page, 'china');
  await page.click('[data-verbatim] button[data-speaker-filter="grace-shao"]');
  await waitForCount(page, cliSearch(demo.path, 'china', ['grace-shao']).total);
  await page.focus(SEARCH);
  await page.keyboard.press('Enter');
  assert.ok((await width()) <= 360, `scrollWidth ${await width()} > 360 with a search`);
  await setQuery(page, 'xqzvbnkw');
  await waitForCount(page, 0);
  assert.ok((await width()) <= 360, `scrollWidth ${await width()} > 360 with the no-matches box`);
  assertNoErrors(page);
});

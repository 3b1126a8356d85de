// The script embed: `verbatim embed` writes episode.idx, verbatim-embed.js
// and the wasm; a host page pastes `<div data-verbatim data-src=…>` and the
// loader script, which mounts each widget in an open shadow root with an
// adopted stylesheet. Covered here: the demo newsletter post (dist/demo/),
// CSS isolation both ways (the post's hostile stylesheet against a clean
// page, and the host page with and without the embed), theming through the
// custom properties the post sets, two widgets on one page (namespaced
// fragment keys), bad indexes at run time, and the printed snippet.
//
// Playwright's CSS locators pierce open shadow roots; `document.querySelector`
// inside `page.evaluate` does not, so in-page code goes through
// `host.shadowRoot`. (The harness serves files, not directory indexes, so the
// post is at /demo/index.html.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  suite, cli, cliDump, cliSearch, DEMO_EPISODE, DIST, ROOT, poll, writeEpisode,
} from './harness.mjs';

const POST = '/demo/index.html';
const POST_HTML = readFileSync(path.join(ROOT, 'www', 'demo', 'index.html'), 'utf8');
const WIDGET_CSS = readFileSync(path.join(ROOT, 'www', 'verbatim.css'), 'utf8');
const THEMED = ['--vb-accent', '--vb-bg', '--vb-surface', '--vb-focus'];

// A small second episode whose words also occur in the demo ("china",
// "robots"), so a query leaking from one widget into the other would show.
const SMALL_VTT = `WEBVTT

00:00:00.000 --> 00:00:04.000
<v Ann>China builds robots in Hangzhou these days.

00:00:04.000 --> 00:00:08.000
<v Bo>Robots are everywhere in China now.

00:00:08.000 --> 00:00:12.000
<v Ann>Open source models help the small labs.

00:00:12.000 --> 00:00:16.000
<v Bo>Thanks for listening to the show.
`;

let demo; // the demo index built here with the CLI: { path, url }
let dump; // its `verbatim dump`
let small; // the small VTT episode's index
let smallDump;
let snippet; // stdout of `verbatim embed`
let versionOf; // the format version in the demo index's header

const ctx = suite({
  setup(ctx) {
    assert.ok(existsSync(path.join(DIST, 'demo', 'index.html')), 'dist/demo/ is missing: run scripts/build-widget-assets.sh, then trunk build');
    demo = ctx.buildIndex(DEMO_EPISODE, 'demo.idx');
    dump = cliDump(demo.path);
    small = ctx.buildIndex(writeEpisode(ctx, 'small', { 'transcript.vtt': SMALL_VTT }), 'small.idx');
    smallDump = cliDump(small.path);

    // The embed folder, written by the CLI as a publisher would.
    snippet = cli('embed', DEMO_EPISODE, '--out', ctx.fixturePath('embed'));

    // Bad indexes for the run-time validation test.
    const good = readFileSync(demo.path);
    const corrupt = Buffer.from(good);
    for (let i = 0; i < 16; i++) corrupt[Math.floor(good.length / 2) + i] ^= 0xa5;
    ctx.writeFixture('corrupt.idx', corrupt);
    versionOf = good.readUInt16LE(8);
    const otherVersion = Buffer.from(good);
    otherVersion.writeUInt16LE(versionOf + 1, 8);
    ctx.writeFixture('other-version.idx', otherVersion);

    const page = (title, body, head = '') => `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${title}</title>
${head}</head>
<body>
${body}
</body>
</html>
`;
    const demoEmbed = '<div data-verbatim data-src="/demo/embed/episode.idx"></div>\n<script src="/demo/embed/verbatim-embed.js" defer></script>';
    // The same files as the post, with no host CSS except a wrapper as wide
    // as the post's article (so layout-dependent values compare too).
    ctx.writeFixture('clean.html', page('clean', `<div style="width: 680px">${demoEmbed}</div>`));
    // The same, plus only the post's theming rules (custom properties).
    const theming = [...POST_HTML.matchAll(/^\s*\[data-verbatim\]\s*\{[^}]*\}/gm)].map((m) => m[0]);
    assert.equal(theming.length, 2, 'the post sets the theme for light and dark');
    ctx.writeFixture('themed.html', page('themed', `<div style="width: 680px">${demoEmbed}</div>`,
      `<style>\n${theming[0]}\n@media (prefers-color-scheme: dark) {\n${theming[1]}\n}\n</style>\n`));

    // A copy of the post with host elements that the widget's stylesheet
    // would restyle if it leaked: controls, a mark, a list, and elements
    // wearing the widget's own class names.
    const extras = `
  <div id="host-extras">
    <p class="host-p">Subscribe: <input class="host-input" type="search" value="you@example.com"> <button class="host-button" type="button">Subscribe</button>
      <mark class="host-mark">marked</mark> <a class="host-a" href="#top">top</a></p>
    <ol class="host-ol vb-list"><li class="host-li vb-seg">one</li><li>two</li></ol>
    <div class="vb-root host-vb-root"><div class="vb-sticky"><span class="vb-time host-vb-time">0:00</span> <p class="vb-text host-vb-text">Host text wearing widget classes.</p> <button class="vb-button host-vb-button" type="button">Host button</button></div></div>
  </div>`;
    const copy = POST_HTML.replaceAll('"embed/', '"/demo/embed/').replace('<article>', '<article>' + extras);
    assert.notEqual(copy, POST_HTML);
    ctx.writeFixture('post-copy.html', copy);

    // The post with two more common host rules: a smaller root font size
    // (the `html { font-size: 62.5% }` idiom) and inherited text styles on
    // every div, which the host element is.
    ctx.writeFixture('post-harsh.html', POST_HTML.replaceAll('"embed/', '"/demo/embed/').replace('</style>',
      `  html { font-size: 10px; }
  div { color: #c00; font-variant: small-caps; text-shadow: 0 0 1px #c00; word-break: break-all; cursor: crosshair; }
</style>`));

    // Two widgets on one page: the demo and the small episode.
    ctx.writeFixture('two.html', page('two widgets', `<div id="w1" data-verbatim data-src="embed/episode.idx"></div>
<div id="w2" data-verbatim data-src="small.idx"></div>
<script src="embed/verbatim-embed.js" defer></script>`));

    // Bad indexes next to a good one.
    ctx.writeFixture('bad.html', page('bad indexes', `<div id="missing" data-verbatim data-src="no-such.idx"></div>
<div id="corrupt" data-verbatim data-src="corrupt.idx"></div>
<div id="version" data-verbatim data-src="other-version.idx"></div>
<div id="nosrc" data-verbatim></div>
<div id="good" data-verbatim data-src="embed/episode.idx"></div>
<script src="embed/verbatim-embed.js" defer></script>`));
  },
});

// ---------------------------------------------------------------- helpers

/** `#rrggbb` as getComputedStyle writes it. */
function rgb(hex) {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  assert.ok(m, `not a #rrggbb colour: ${hex}`);
  return `rgb(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)})`;
}

/** Custom properties declared in a CSS block's text. */
function customProperties(block) {
  return Object.fromEntries([...block.matchAll(/(--vb-[a-z0-9-]+)\s*:\s*([^;}]+)/g)].map((m) => [m[1], m[2].trim()]));
}

/** The post's theme (light, dark) and the widget's defaults (light, dark). */
function themes() {
  const post = [...POST_HTML.matchAll(/\[data-verbatim\]\s*\{([^}]*)\}/g)].map((m) => customProperties(m[1]));
  const defaults = [...WIDGET_CSS.matchAll(/\[data-verbatim\], (?:\[data-verbatim-archive\], )?:host\s*\{([^}]*)\}/g)].map((m) => customProperties(m[1]));
  for (const t of [...post, ...defaults]) for (const p of THEMED) assert.ok(t[p], `${p} in every theme`);
  return { post: { light: post[0], dark: post[1] }, defaults: { light: defaults[0], dark: defaults[1] } };
}

/** Waits until the widget in host `sel` has mounted (or shows its alert). */
async function waitForEmbed(page, sel = '[data-verbatim]') {
  await page.locator(`${sel} .vb-root`).first().waitFor({ state: 'attached', timeout: 20_000 }).catch(async (e) => {
    throw new Error(`no widget in ${sel}: ${e.message.split('\n')[0]}; page errors ${JSON.stringify(page.pageErrors)}, console ${JSON.stringify(page.consoleErrors)}`);
  });
}

/** What one embedded widget shows, read through its host's shadow root. */
function widgetState(page, sel = '[data-verbatim]') {
  return page.evaluate((sel) => {
    const host = document.querySelector(sel);
    const root = host?.shadowRoot;
    if (!root) return null;
    const q = (s) => root.querySelector(s);
    const segs = [...root.querySelectorAll('[data-segment]')];
    return {
      query: q('input[type="search"]')?.value ?? null,
      count: q('[data-match-count]')?.getAttribute('data-match-count') ?? null,
      segments: segs.length,
      marked: segs.filter((e) => e.querySelector('mark')).map((e) => Number(e.dataset.segment)),
      marks: Object.fromEntries(segs.filter((e) => e.querySelector('mark')).map((e) => [e.dataset.segment, [...e.querySelectorAll('mark')].map((m) => m.textContent)])),
      speakers: [...new Set(segs.map((e) => e.dataset.speaker))],
      current: segs.filter((e) => e.getAttribute('aria-current') === 'true').map((e) => Number(e.dataset.segment)),
      pressed: Object.fromEntries([...root.querySelectorAll('[data-speaker-filter]')].map((b) => [b.dataset.speakerFilter, b.getAttribute('aria-pressed')])),
      alert: q('[role="alert"]')?.textContent.trim() ?? null,
    };
  }, sel);
}

/** Polls a widget until `check(state)` holds; returns the state. */
function waitForState(page, sel, check, message) {
  return poll(() => widgetState(page, sel), (s) => s && check(s), { timeout: 15_000, message: `${sel}: ${message}` });
}

/** The texts the CLI's byte spans cover in each hit segment. */
function expectedMarks(d, result) {
  return Object.fromEntries(result.hits.map((h) => {
    const bytes = Buffer.from(d.segments[h.segment].text);
    return [String(h.segment), h.spans.map(([a, b]) => bytes.subarray(a, b).toString())];
  }));
}

/** Asserts a widget shows exactly the CLI's result for a query. */
async function assertShowsSearch(page, sel, d, result, what) {
  const state = await waitForState(page, sel, (s) => s.count === String(result.total) && s.marked.length === result.hits.length,
    `${what}: ${result.total} matches`);
  assert.deepEqual(state.marked, result.hits.map((h) => h.segment), `${what}: marked segments`);
  assert.deepEqual(state.marks, expectedMarks(d, result), `${what}: <mark> texts`);
  return state;
}

/** The fragment's key=value pairs. */
function fragmentPairs(hash) {
  return Object.fromEntries(hash.replace(/^#/, '').split('&').filter(Boolean).map((p) => {
    const i = p.indexOf('=');
    return i < 0 ? [p, ''] : [decodeURIComponent(p.slice(0, i)), decodeURIComponent(p.slice(i + 1))];
  }));
}

const hashOf = (page) => page.evaluate(() => location.hash);

/** Console errors other than the browser's report of a failed request. */
const otherConsoleErrors = (page) => page.consoleErrors.filter((m) => !/^Failed to load resource/.test(m));

// ---------------------------------------------------------------- 1. the demo post

test('the demo post: the widget mounts in the shadow root, searches like the CLI, filters, jumps, and logs nothing', async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.origin + POST);
  await waitForEmbed(page);

  const mount = await page.evaluate(() => {
    const hosts = document.querySelectorAll('[data-verbatim]');
    const host = hosts[0];
    const root = host.shadowRoot;
    const m = root?.querySelector('.vb-mount');
    return {
      hosts: hosts.length,
      mode: root?.mode,
      lightChildren: host.childNodes.length,
      sheets: root?.adoptedStyleSheets.length,
      documentSheets: document.adoptedStyleSheets.length,
      mountParent: m?.parentNode === root,
      src: m?.getAttribute('data-src'),
      prefix: m?.getAttribute('data-url-prefix'),
      widgetInMount: !!m?.querySelector('.vb-root input[type="search"]'),
      // Nothing of the widget in the light DOM.
      inLight: document.querySelectorAll('.vb-root, .vb-mount, [data-segment], [data-match-count], input[type="search"]').length,
      expectedSrc: new URL('embed/episode.idx', location.href).href,
    };
  });
  assert.equal(mount.hosts, 1);
  assert.equal(mount.mode, 'open', 'an open shadow root on the post\'s [data-verbatim]');
  assert.equal(mount.lightChildren, 0, 'the host element keeps no light-DOM children');
  assert.equal(mount.sheets, 1, 'the widget stylesheet is adopted by the shadow root');
  assert.equal(mount.documentSheets, 0, 'nothing is adopted by the host document');
  assert.ok(mount.mountParent && mount.widgetInMount, 'div.vb-mount in the shadow root holds the widget');
  assert.equal(mount.src, mount.expectedSrc, 'the mount point carries the absolute data-src');
  assert.equal(mount.prefix, '', 'one widget: no URL prefix');
  assert.equal(mount.inLight, 0, 'the widget\'s DOM lives only in the shadow root');
  assert.ok(readFileSync(path.join(DIST, 'demo', 'embed', 'episode.idx')).equals(readFileSync(demo.path)),
    'dist/demo/embed/episode.idx is the index `verbatim index` builds from the demo episode');

  const idle = await widgetState(page);
  assert.equal(idle.segments, dump.segments.length, 'every segment is rendered');
  assert.equal(idle.alert, null);

  // Search.
  const want = cliSearch(demo.path, 'hangzhou');
  assert.ok(want.total > 0);
  await page.locator('[data-verbatim] input[type="search"]').fill('hangzhou');
  await assertShowsSearch(page, '[data-verbatim]', dump, want, 'hangzhou');
  assert.equal(fragmentPairs(await hashOf(page)).q, 'hangzhou', 'the query reaches the host page\'s fragment');

  // A speaker filter.
  const filtered = cliSearch(demo.path, 'hangzhou', ['grace-shao']);
  assert.ok(filtered.total > 0 && filtered.total < want.total, 'the filter changes the result (precondition)');
  const filter = page.locator('[data-verbatim] button[data-speaker-filter="grace-shao"]');
  await filter.click();
  const state = await assertShowsSearch(page, '[data-verbatim]', dump, filtered, 'hangzhou, grace-shao');
  assert.deepEqual(state.pressed, { 'alex-kantrowitz': 'false', 'grace-shao': 'true' });
  assert.deepEqual(state.speakers, ['grace-shao'], 'only Grace Shao\'s segments are shown');
  assert.equal(state.segments, dump.segments.filter((s) => s.speaker === 'grace-shao').length);
  assert.equal(fragmentPairs(await hashOf(page)).speaker, 'grace-shao');

  // Jumping with a segment's time button.
  const target = filtered.hits[Math.min(1, filtered.hits.length - 1)].segment;
  const row = page.locator(`[data-verbatim] [data-segment="${target}"]`);
  const start = await row.getAttribute('data-start');
  assert.equal(Number(start), dump.segments[target].start, 'data-start is the segment\'s start');
  await row.locator('.vb-time').click();
  const jumped = await waitForState(page, '[data-verbatim]', (s) => s.current.length === 1, 'a current segment');
  assert.deepEqual(jumped.current, [target], 'the clicked segment is aria-current');
  assert.equal(await row.getAttribute('aria-current'), 'true');
  const pairs = fragmentPairs(await hashOf(page));
  assert.equal(pairs.t, start, `the host page's fragment carries t=${start}`);
  assert.equal(pairs.q, 'hangzhou');
  assert.equal(pairs.speaker, 'grace-shao');

  assert.deepEqual(page.pageErrors, [], 'page errors');
  assert.deepEqual(page.consoleErrors, [], 'console errors');
});

test('the demo post: opening it with a fragment restores the view inside the embed', async () => {
  const want = cliSearch(demo.path, 'robots', ['grace-shao']);
  const target = want.hits.at(-1).segment;
  const page = await ctx.newPage();
  await page.goto(`${ctx.origin}${POST}#q=robots&speaker=grace-shao&t=${dump.segments[target].start}`);
  await waitForEmbed(page);
  const state = await assertShowsSearch(page, '[data-verbatim]', dump, want, 'restored robots, grace-shao');
  assert.equal(state.query, 'robots');
  assert.equal(state.pressed['grace-shao'], 'true');
  await waitForState(page, '[data-verbatim]', (s) => s.current.length === 1 && s.current[0] === target, `segment ${target} current`);
  assert.deepEqual(page.pageErrors, []);
  assert.deepEqual(page.consoleErrors, []);
});

test('the demo post: typing "/" into the embedded search field types a slash', async () => {
  // The widget's "/ focuses the search" shortcut must not eat the slash the
  // reader types into the search field itself (e.g. "24/7").
  const page = await ctx.newPage();
  await page.goto(ctx.origin + POST);
  await waitForEmbed(page);
  const input = page.locator('[data-verbatim] input[type="search"]');
  await input.click();
  await page.keyboard.type('24/7');
  await poll(() => input.inputValue(), (v) => v.length >= 3, { message: 'typed text' });
  assert.equal(await input.inputValue(), '24/7', 'the slash typed into the embedded search field was swallowed');
});

test('the demo post: selecting transcript text in the embed offers "Share quote"', async () => {
  // Dragging over a segment's text offers the button in the page widget
  // (quote.test.mjs covers that); inside the shadow root it must too.
  const page = await ctx.newPage();
  await page.goto(ctx.origin + POST);
  await waitForEmbed(page);
  const text = page.locator('[data-verbatim] [data-segment="3"] .vb-text');
  await text.scrollIntoViewIfNeeded();
  const box = await text.boundingBox();
  await page.mouse.move(box.x + 2, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + Math.min(150, box.width - 4), box.y + 12, { steps: 8 });
  await page.mouse.up();
  const selected = await page.evaluate(() => String(document.querySelector('[data-verbatim]').shadowRoot.getSelection?.() ?? getSelection()));
  assert.ok(selected.trim().length > 5, `the drag selected text (precondition): ${JSON.stringify(selected)}`);
  await page.locator('[data-verbatim] [data-share-quote]').waitFor({ state: 'attached', timeout: 3_000 }).catch(() => {
    throw new Error(`no [data-share-quote] button after selecting ${JSON.stringify(selected)} in segment 3 of the embed`);
  });
});

// ---------------------------------------------------------------- 2. host CSS stays out

/** Elements inside the widget whose styles are compared (selectors in the shadow root). */
const INSIDE = {
  root: '.vb-root',
  show: '.vb-show',
  title: '.vb-title',
  filter: 'button[data-speaker-filter="grace-shao"]',
  filterName: 'button[data-speaker-filter="grace-shao"] .vb-name',
  sticky: '.vb-sticky',
  search: 'input[type="search"]',
  count: '[data-match-count]',
  next: '.vb-icon-button',
  checkbox: '.vb-toggle input',
  timeline: '.vb-timeline',
  action: '.vb-actions .vb-button',
  list: 'ol.vb-list',
  item: 'li[data-segment]',
  who: '.vb-who',
  time: '.vb-time',
  text: '.vb-text',
  mark: 'mark',
};

/**
 * Loads `url`, searches `hangzhou` (for <mark>s), blurs the field, and reads
 * every computed property (and the box size) of the INSIDE elements.
 */
async function insideStyles(url, options = {}) {
  const page = await ctx.newPage(options);
  await page.goto(ctx.origin + url);
  await waitForEmbed(page);
  await page.locator('[data-verbatim] input[type="search"]').fill('hangzhou');
  await waitForState(page, '[data-verbatim]', (s) => s.marked.length > 0, 'marks');
  // Rows off screen skip layout (`content-visibility: auto`), and which
  // rows are on screen depends on timing (typing scrolls to the first
  // match), so some computed values (resolved grid tracks) would differ
  // between pages for no reason of CSS: lay out the rows read below on
  // every page alike.
  await page.evaluate((targets) => {
    const root = document.querySelector('[data-verbatim]').shadowRoot;
    for (const sel of Object.values(targets)) root.querySelector(sel)?.closest('li[data-segment]')?.style.setProperty('content-visibility', 'visible');
    root.host.getBoundingClientRect();
  }, INSIDE);
  const styles = await page.evaluate((targets) => {
    const host = document.querySelector('[data-verbatim]');
    const root = host.shadowRoot;
    root.activeElement?.blur();
    const read = (el) => {
      const cs = getComputedStyle(el);
      const out = {};
      for (const p of cs) if (!p.startsWith('--')) out[p] = cs.getPropertyValue(p);
      const r = el.getBoundingClientRect();
      out['(box width)'] = String(Math.round(r.width * 100) / 100);
      out['(box height)'] = String(Math.round(r.height * 100) / 100);
      return out;
    };
    const result = {};
    for (const [name, sel] of Object.entries(targets)) {
      const el = root.querySelector(sel);
      result[name] = el ? read(el) : null;
    }
    result.customInside = Object.fromEntries(['--vb-accent', '--vb-bg', '--vb-surface', '--vb-focus', '--vb-fg'].map((p) => [p, getComputedStyle(root.querySelector('.vb-root')).getPropertyValue(p).trim()]));
    result.hostBackground = getComputedStyle(host).backgroundColor;
    return result;
  }, INSIDE);
  assert.deepEqual(page.pageErrors, [], `${url}: page errors`);
  return { page, styles };
}

/**
 * The transcript's rows use `content-visibility: auto`: rows off screen are
 * laid out at an estimated height until they have been seen, so the height
 * of the containers holding all rows depends on what the page has rendered
 * so far, not on CSS. Those values (and the origins derived from them) are
 * left out; every other property of every element is compared.
 */
const CONTAINERS = new Set(['root', 'list']);
const RENDER_DEPENDENT = new Set(['block-size', 'height', 'perspective-origin', 'transform-origin', '(box height)']);

/** [element, property, a, b] for every difference (`skip(name, prop)` excluded). */
function differences(a, b, skip = () => false) {
  const out = [];
  for (const name of Object.keys(INSIDE)) {
    assert.ok(a[name] && b[name], `${name} (${INSIDE[name]}) exists in both widgets`);
    for (const prop of new Set([...Object.keys(a[name]), ...Object.keys(b[name])])) {
      if (skip(name, prop)) continue;
      if (CONTAINERS.has(name) && RENDER_DEPENDENT.has(prop)) continue;
      if (a[name][prop] !== b[name][prop]) out.push([name, prop, a[name][prop], b[name][prop]]);
    }
  }
  return out;
}

test('the post\'s hostile stylesheet does not reach the widget; its theming custom properties do', async () => {
  const hostile = (await insideStyles(POST)).styles;
  const clean = (await insideStyles('/fixtures/clean.html')).styles;
  const themed = (await insideStyles('/fixtures/themed.html')).styles;

  // Which computed values the four custom properties drive: the differences
  // between the clean page and the clean page with only the post's theme.
  const themeDriven = differences(clean, themed);
  const driven = new Set(themeDriven.map(([n, p]) => `${n} ${p}`));
  assert.ok(driven.has('search background-color'), `the theme drives the search field's background (${[...driven].join(', ')})`);
  assert.ok(themeDriven.every(([, p]) => /color|shadow|outline|background|border|fill|stroke|caret|decoration|emphasis|column-rule/.test(p)),
    `only colours depend on the theme: ${JSON.stringify(themeDriven.filter(([, p]) => !/color|shadow|background|border|outline/.test(p)))}`);

  // Everything else is the same on the hostile post as on a clean page...
  const leaked = differences(hostile, clean, (n, p) => driven.has(`${n} ${p}`));
  assert.deepEqual(leaked.slice(0, 40), [], `host CSS reached the widget ([element, property, post, clean]); ${leaked.length} differences`);
  // ...and with the theme alone, everything, colours included, is equal.
  const all = differences(hostile, themed);
  assert.deepEqual(all.slice(0, 40), [], `the post differs from a page with only its theme ([element, property, post, themed]); ${all.length} differences`);

  // The theming applies (and differs from the defaults, so this can fail).
  const { post, defaults } = themes();
  for (const p of THEMED) {
    assert.equal(hostile.customInside[p], post.light[p], `${p} inside the widget is the post's`);
    assert.equal(clean.customInside[p], defaults.light[p], `${p} inside the clean widget is the default`);
    assert.notEqual(post.light[p], defaults.light[p], `${p}: the post's theme differs from the default (precondition)`);
  }
  assert.equal(hostile.customInside['--vb-fg'], defaults.light['--vb-fg'], 'a custom property the post leaves alone keeps its default');
  assert.equal(hostile.hostBackground, rgb(post.light['--vb-bg']), 'the widget\'s background is the post\'s --vb-bg');
  assert.equal(clean.hostBackground, rgb(defaults.light['--vb-bg']));
  assert.equal(hostile.sticky['background-color'], rgb(post.light['--vb-bg']), 'the sticky search bar uses --vb-bg');
  assert.equal(hostile.search['background-color'], rgb(post.light['--vb-surface']), 'the search field uses --vb-surface');
  assert.equal(clean.search['background-color'], rgb(defaults.light['--vb-surface']));
  assert.equal(hostile.show.color, rgb(post.light['--vb-accent']), 'the show name uses --vb-accent');
  assert.equal(clean.show.color, rgb(defaults.light['--vb-accent']));
});

/** `{ element: [property, ...] }` for a list of differences, for short messages. */
function summary(diffs) {
  const headline = /^(color|font-size|font-family|font-variant|line-height|letter-spacing|text-shadow|word-break|cursor|max-width|padding-top|\(box (width|height)\))$/;
  const out = {};
  for (const [n, p, a, b] of diffs) if (headline.test(p)) (out[n] ??= []).push(`${p}: ${a} vs ${b}`);
  return `${JSON.stringify(out, null, 1)}\n(${diffs.length} differing values in all)`;
}

test('a harsher host stylesheet (root font size, inherited text styles on divs) does not reach the widget either', async () => {
  const harsh = (await insideStyles('/fixtures/post-harsh.html')).styles;
  const themed = (await insideStyles('/fixtures/themed.html')).styles;
  const all = differences(harsh, themed);
  assert.deepEqual(all.length, 0, `host CSS reached the widget (post with the extra rules vs a page with only its theme):\n${summary(all)}`);
});

test('the post\'s theme applies to focus and accent states, and to dark mode', async () => {
  const { post, defaults } = themes();
  for (const [url, theme] of [[POST, post.light], ['/fixtures/clean.html', defaults.light]]) {
    const page = await ctx.newPage();
    await page.goto(ctx.origin + url);
    await waitForEmbed(page);
    const input = page.locator('[data-verbatim] input[type="search"]');
    await input.fill('hangzhou');
    await waitForState(page, '[data-verbatim]', (s) => s.marked.length > 0, 'marks');
    // The focused field's border is the accent.
    assert.equal(await input.evaluate((el) => getComputedStyle(el).borderTopColor), rgb(theme['--vb-accent']), `${url}: focused search border`);
    // Keyboard focus on the next control draws the focus ring in --vb-focus.
    await input.focus();
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const el = document.querySelector('[data-verbatim]').shadowRoot.activeElement;
      return el && { tag: el.tagName, visible: el.matches(':focus-visible'), style: getComputedStyle(el).outlineStyle, color: getComputedStyle(el).outlineColor };
    });
    assert.ok(ring && ring.visible && ring.style === 'solid', `${url}: a focus ring on the next control: ${JSON.stringify(ring)}`);
    assert.equal(ring.color, rgb(theme['--vb-focus']), `${url}: focus ring colour`);
    assert.deepEqual(page.pageErrors, []);
  }

  const dark = await ctx.newPage({ colorScheme: 'dark' });
  await dark.goto(ctx.origin + POST);
  await waitForEmbed(dark);
  const got = await dark.evaluate(() => {
    const host = document.querySelector('[data-verbatim]');
    const root = host.shadowRoot;
    return {
      bg: getComputedStyle(host).backgroundColor,
      surface: getComputedStyle(root.querySelector('input[type="search"]')).backgroundColor,
      accent: getComputedStyle(root.querySelector('.vb-show')).color,
      fg: getComputedStyle(root.querySelector('.vb-text')).color,
    };
  });
  assert.equal(got.bg, rgb(post.dark['--vb-bg']), 'dark: the post\'s dark --vb-bg');
  assert.equal(got.surface, rgb(post.dark['--vb-surface']), 'dark: the post\'s dark --vb-surface');
  assert.equal(got.accent, rgb(post.dark['--vb-accent']), 'dark: the post\'s dark --vb-accent');
  assert.equal(got.fg, rgb(defaults.dark['--vb-fg']), 'dark: the widget\'s own dark text colour');
});

// ---------------------------------------------------------------- 3. widget CSS stays in

/** Host elements of the post copy whose styles must not change. */
const HOST_ELEMENTS = {
  html: 'html',
  body: 'body',
  masthead: '.masthead .name',
  h1: 'h1',
  byline: '.byline',
  p: 'article > p:not(.byline)',
  em: 'em',
  blockquote: 'blockquote',
  note: '.embed-note',
  hostP: '.host-p',
  input: '.host-input',
  button: '.host-button',
  mark: '.host-mark',
  a: '.host-a',
  ol: '.host-ol',
  li: '.host-li',
  vbRoot: '.host-vb-root',
  vbTime: '.host-vb-time',
  vbText: '.host-vb-text',
  vbButton: '.host-vb-button',
  lastQuote: 'article > blockquote:last-of-type',
};

async function hostStyles({ blockEmbed }) {
  const page = await ctx.newPage();
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  if (blockEmbed) await page.route('**/verbatim-embed.js', (r) => r.abort());
  await page.goto(ctx.origin + '/fixtures/post-copy.html');
  await page.waitForLoadState('load');
  if (blockEmbed) {
    // The loader never ran: no shadow root, no widget.
    assert.equal(await page.evaluate(() => document.querySelector('[data-verbatim]').shadowRoot), null);
    assert.ok(requested.includes('/demo/embed/verbatim-embed.js'), 'the loader was requested (and aborted)');
    assert.ok(!requested.some((p) => p.endsWith('.wasm')), 'no wasm without the loader');
  } else {
    await waitForEmbed(page);
    await page.locator('[data-verbatim] input[type="search"]').fill('hangzhou');
    await waitForState(page, '[data-verbatim]', (s) => s.marked.length > 0, 'marks');
    await page.evaluate(() => document.querySelector('[data-verbatim]').shadowRoot.activeElement?.blur());
  }
  const styles = await page.evaluate((targets) => {
    const result = {};
    for (const [name, sel] of Object.entries(targets)) {
      const el = document.querySelector(sel);
      if (!el) { result[name] = null; continue; }
      const cs = getComputedStyle(el);
      const out = {};
      for (const p of cs) out[p] = cs.getPropertyValue(p);
      result[name] = out;
    }
    result['(document)'] = {
      styleSheets: String(document.styleSheets.length),
      adoptedStyleSheets: String(document.adoptedStyleSheets.length),
      styleElements: String(document.querySelectorAll('style, link[rel="stylesheet"]').length),
      customOnRoot: getComputedStyle(document.documentElement).getPropertyValue('--vb-accent'),
    };
    return result;
  }, HOST_ELEMENTS);
  assert.deepEqual(page.pageErrors, [], 'page errors');
  if (!blockEmbed) assert.deepEqual(otherConsoleErrors(page), [], 'console errors');
  return styles;
}

test('the widget\'s stylesheet does not reach the host page', async () => {
  const without = await hostStyles({ blockEmbed: true });
  const withEmbed = await hostStyles({ blockEmbed: false });
  // Only the document's height grows with the widget; those sizes differ.
  const sizeOfPage = new Set(['height', 'block-size', 'perspective-origin', 'transform-origin']);
  const diffs = [];
  for (const name of [...Object.keys(HOST_ELEMENTS), '(document)']) {
    assert.ok(without[name] && withEmbed[name], `${name} exists on the page`);
    for (const prop of new Set([...Object.keys(without[name]), ...Object.keys(withEmbed[name])])) {
      if ((name === 'html' || name === 'body') && sizeOfPage.has(prop)) continue;
      if (without[name][prop] !== withEmbed[name][prop]) diffs.push([name, prop, without[name][prop], withEmbed[name][prop]]);
    }
  }
  assert.deepEqual(diffs.slice(0, 40), [], `host styles changed when the widget loaded ([element, property, without, with]); ${diffs.length} differences`);
  // The post's hostile rules are in force on the host elements (so the
  // comparison is of real, distinctive values).
  assert.equal(withEmbed.button['background-color'], 'rgb(255, 105, 180)', 'the host button keeps the post\'s hotpink');
  assert.equal(withEmbed.mark['background-color'], 'rgb(0, 0, 0)');
  assert.equal(withEmbed.vbRoot['max-width'], 'none', 'a host element with class vb-root is not styled by the widget');
  assert.equal(withEmbed.html['background-color'], 'rgb(251, 248, 241)', 'the page background is the post\'s');
});

test('the script embed on another site that sends no CORS header says what the server must allow', async () => {
  // The post here, the embed folder on another origin (localhost vs
  // 127.0.0.1) whose server sends no Access-Control-Allow-Origin.
  const other = new URL(ctx.origin);
  other.hostname = 'localhost';
  ctx.writeFixture('nocors.html', `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>No CORS</title><link rel="icon" href="data:,"></head><body>
<div id="w" data-verbatim data-src="${other.origin}/fixtures/embed/episode.idx"></div>
<script src="${other.origin}/fixtures/embed/verbatim-embed.js" defer></script></body></html>`);
  const page = await ctx.newPage();
  await page.goto(ctx.origin + '/fixtures/nocors.html');
  const alert = page.locator('#w [role="alert"]');
  await alert.waitFor({ timeout: 20_000 });
  const text = await alert.textContent();
  assert.match(text, /could not be loaded from this page/);
  assert.match(text, /Access-Control-Allow-Origin/);
  assert.match(text, /iframe embed/);
  assert.deepEqual(page.pageErrors, []);
});

// ---------------------------------------------------------------- 4. two widgets

test('two widgets on one page: separate searches, namespaced fragment keys, restored together, independent aria-current', async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.origin + '/fixtures/two.html');
  await waitForEmbed(page, '#w1');
  await waitForEmbed(page, '#w2');
  const prefixes = await page.evaluate(() => ['#w1', '#w2'].map((s) => document.querySelector(s).shadowRoot.querySelector('.vb-mount').getAttribute('data-url-prefix')));
  assert.deepEqual(prefixes, ['v1-', 'v2-']);
  const idle1 = await widgetState(page, '#w1');
  const idle2 = await widgetState(page, '#w2');
  assert.equal(idle1.segments, dump.segments.length, 'widget 1 shows the demo');
  assert.equal(idle2.segments, smallDump.segments.length, 'widget 2 shows the small episode');

  // Typing in widget 1 leaves widget 2 alone (its episode has the word too).
  const robots1 = cliSearch(demo.path, 'robots');
  const robots2 = cliSearch(small.path, 'robots');
  assert.ok(robots2.total > 0, 'the query would match in widget 2 too (precondition)');
  await page.locator('#w1 input[type="search"]').fill('robots');
  await assertShowsSearch(page, '#w1', dump, robots1, 'widget 1: robots');
  let other = await widgetState(page, '#w2');
  assert.equal(other.query, '', 'widget 2\'s field stays empty');
  assert.equal(other.count, idle2.count, 'widget 2\'s match count is unchanged');
  assert.deepEqual(other.marked, [], 'widget 2 highlights nothing');

  // And the other way round.
  const china1 = cliSearch(demo.path, 'china');
  const china2 = cliSearch(small.path, 'china');
  await page.locator('#w2 input[type="search"]').fill('china');
  await assertShowsSearch(page, '#w2', smallDump, china2, 'widget 2: china');
  other = await widgetState(page, '#w1');
  assert.equal(other.query, 'robots');
  assert.equal(other.count, String(robots1.total), 'widget 1 keeps its own count');
  assert.notEqual(china1.total, robots1.total, 'the two queries give different counts in widget 1 (precondition)');

  let pairs = fragmentPairs(await hashOf(page));
  assert.equal(pairs['v1-q'], 'robots');
  assert.equal(pairs['v2-q'], 'china');
  assert.ok(!('q' in pairs), `no unprefixed q in ${JSON.stringify(pairs)}`);

  // aria-current is per widget.
  const seg1 = robots1.hits[0].segment;
  await page.locator(`#w1 [data-segment="${seg1}"] .vb-time`).click();
  await waitForState(page, '#w1', (s) => s.current.length === 1 && s.current[0] === seg1, `segment ${seg1} current in widget 1`);
  assert.deepEqual((await widgetState(page, '#w2')).current, [], 'nothing current in widget 2');
  const seg2 = china2.hits.at(-1).segment;
  await page.locator(`#w2 [data-segment="${seg2}"] .vb-time`).click();
  await waitForState(page, '#w2', (s) => s.current.length === 1 && s.current[0] === seg2, `segment ${seg2} current in widget 2`);
  assert.deepEqual((await widgetState(page, '#w1')).current, [seg1], 'widget 1 keeps its current segment');
  pairs = fragmentPairs(await hashOf(page));
  assert.equal(pairs['v1-t'], String(dump.segments[seg1].start));
  assert.equal(pairs['v2-t'], String(smallDump.segments[seg2].start));
  assert.ok(!('t' in pairs), `no unprefixed t in ${JSON.stringify(pairs)}`);
  assert.deepEqual(page.pageErrors, []);
  assert.deepEqual(page.consoleErrors, []);

  // Opening the page with that fragment restores both views.
  const hash = await hashOf(page);
  const fresh = await ctx.newPage();
  await fresh.addInitScript(() => { window.__historyAtStart = history.length; });
  await fresh.goto(ctx.origin + '/fixtures/two.html' + hash);
  await waitForEmbed(fresh, '#w1');
  await waitForEmbed(fresh, '#w2');
  const r1 = await assertShowsSearch(fresh, '#w1', dump, robots1, 'restored widget 1');
  const r2 = await assertShowsSearch(fresh, '#w2', smallDump, china2, 'restored widget 2');
  assert.equal(r1.query, 'robots');
  assert.equal(r2.query, 'china');
  await waitForState(fresh, '#w1', (s) => s.current.length === 1 && s.current[0] === seg1, `restored current ${seg1} in widget 1`);
  await waitForState(fresh, '#w2', (s) => s.current.length === 1 && s.current[0] === seg2, `restored current ${seg2} in widget 2`);
  let lengths = await fresh.evaluate(() => [window.__historyAtStart, history.length]);
  assert.equal(lengths[1], lengths[0], 'restoring adds no history entries');

  // And reloading the same page does too.
  await fresh.reload();
  await waitForEmbed(fresh, '#w1');
  await waitForEmbed(fresh, '#w2');
  await assertShowsSearch(fresh, '#w1', dump, robots1, 'reloaded widget 1');
  await assertShowsSearch(fresh, '#w2', smallDump, china2, 'reloaded widget 2');
  assert.deepEqual(fragmentPairs(await hashOf(fresh)), fragmentPairs(hash), 'restoring keeps every key and value');
  lengths = await fresh.evaluate(() => [window.__historyAtStart, history.length]);
  assert.equal(lengths[1], lengths[0], 'restoring after a reload adds no history entries');
  assert.deepEqual(fresh.pageErrors, []);
  assert.deepEqual(fresh.consoleErrors, []);
});

test('two widgets on one page: / focuses the search of the widget on screen', async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.origin + '/fixtures/two.html');
  await waitForEmbed(page, '#w1');
  await waitForEmbed(page, '#w2');
  const focused = () => page.evaluate(() => ['#w1', '#w2'].find((s) => document.querySelector(s).shadowRoot.activeElement?.matches('input[type="search"]')) ?? null);
  // At the top, widget 1 is on screen.
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('/');
  assert.equal(await focused(), '#w1');
  // Scrolled to widget 2 (widget 1 out of sight): its search.
  await page.evaluate(() => {
    document.activeElement?.blur();
    document.body.style.paddingBottom = '200vh'; // room to scroll widget 2 to the top
    document.querySelector('#w2').scrollIntoView();
  });
  const firstOnScreen = await page.evaluate(() => document.querySelector('#w1').getBoundingClientRect().bottom > 0);
  assert.equal(firstOnScreen, false, 'widget 1 is above the screen (precondition)');
  await page.keyboard.press('/');
  assert.equal(await focused(), '#w2');
  assert.deepEqual(page.pageErrors, []);
  assert.deepEqual(page.consoleErrors, []);
});

// ---------------------------------------------------------------- 5. bad indexes

test('bad indexes show an alert in their own shadow root, and a good widget on the page still works', async () => {
  const page = await ctx.newPage();
  await page.goto(ctx.origin + '/fixtures/bad.html');
  const cases = [
    ['#missing', 'a 404', /could not load/i, /404/],
    ['#corrupt', 'a corrupt index', /damaged/i, /checksum/i],
    ['#version', 'another format version', new RegExp(`format version ${versionOf + 1}\\b`), new RegExp(`reads version ${versionOf}\\b`)],
    ['#nosrc', 'no data-src', /no transcript index/i, /data-src/],
  ];
  for (const [sel, what, ...patterns] of cases) {
    const alert = page.locator(`${sel} [role="alert"]`);
    await alert.waitFor({ state: 'attached', timeout: 15_000 }).catch(() => {
      throw new Error(`${what}: no [role="alert"] in ${sel}'s shadow root; page errors ${JSON.stringify(page.pageErrors)}`);
    });
    const state = await widgetState(page, sel);
    assert.match(state.alert, /unavailable/i, `${what}: ${state.alert}`);
    for (const p of patterns) assert.match(state.alert, p, `${what}: ${state.alert}`);
    assert.equal(state.segments, 0, `${what}: no segments`);
    assert.equal(state.query, null, `${what}: no search field`);
    assert.equal(await page.evaluate((sel) => document.querySelector(sel).childNodes.length, sel), 0, `${what}: the alert is not in the light DOM`);
  }
  // Each alert is in its own host's shadow root.
  const alertHosts = await page.evaluate(() => [...document.querySelectorAll('[data-verbatim]')].map((h) => h.shadowRoot?.querySelectorAll('[role="alert"]').length));
  assert.deepEqual(alertHosts, [1, 1, 1, 1, 0]);

  await waitForEmbed(page, '#good');
  const want = cliSearch(demo.path, 'hangzhou');
  await page.locator('#good input[type="search"]').fill('hangzhou');
  await assertShowsSearch(page, '#good', dump, want, 'the good widget');
  const seg = want.hits[0].segment;
  await page.locator(`#good [data-segment="${seg}"] .vb-time`).click();
  await waitForState(page, '#good', (s) => s.current.length === 1 && s.current[0] === seg, 'jump in the good widget');
  const pairs = fragmentPairs(await hashOf(page));
  assert.equal(pairs['v5-q'], 'hangzhou', `the good widget is the fifth: ${JSON.stringify(pairs)}`);
  assert.equal(pairs['v5-t'], String(dump.segments[seg].start));

  assert.deepEqual(page.pageErrors, [], 'no page errors');
  const panics = page.consoleErrors.filter((m) => /panicked|RuntimeError|unreachable/i.test(m));
  assert.deepEqual(panics, [], 'no panics');
  assert.deepEqual(otherConsoleErrors(page), [], 'no console errors besides the failed request');
});

// ---------------------------------------------------------------- 6. the snippet

test('`verbatim embed` writes the three files and prints the documented snippet, which works as pasted', async () => {
  assert.ok(snippet.includes('<div data-verbatim data-src="episode.idx"></div>'), snippet);
  assert.ok(snippet.includes('<script src="verbatim-embed.js" defer></script>'), snippet);
  for (const f of ['episode.idx', 'verbatim-embed.js', 'verbatim_bg.wasm']) {
    assert.ok(existsSync(ctx.fixturePath(path.join('embed', f))), `embed/${f} written`);
  }
  assert.ok(readFileSync(ctx.fixturePath('embed/episode.idx')).equals(readFileSync(demo.path)), 'episode.idx is the episode\'s index');
  // From an index as input, too.
  const fromIndex = cli('embed', demo.path, '--out', ctx.fixturePath('embed-from-index'));
  assert.ok(fromIndex.includes('<div data-verbatim data-src="episode.idx"></div>'), fromIndex);
  assert.ok(readFileSync(ctx.fixturePath('embed-from-index/episode.idx')).equals(readFileSync(demo.path)), 'the same index from an index');
  // The demo post pastes the same snippet, with the folder's path.
  assert.ok(POST_HTML.includes('<div data-verbatim data-src="embed/episode.idx"></div>'));
  assert.ok(POST_HTML.includes('<script src="embed/verbatim-embed.js" defer></script>'));

  // The snippet lines, pasted into a post uploaded next to the files.
  const lines = snippet.split('\n').map((l) => l.trim())
    .filter((l) => l === '<div data-verbatim data-src="episode.idx"></div>' || l === '<script src="verbatim-embed.js" defer></script>');
  assert.equal(lines.length, 2, `the two script-embed lines, each on its own line, in ${JSON.stringify(snippet)}`);
  ctx.writeFixture('embed/post.html', `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>post</title></head><body>
<h1>A post</h1>
${lines.join('\n')}
</body></html>
`);
  const page = await ctx.newPage();
  await page.goto(ctx.origin + '/fixtures/embed/post.html');
  await waitForEmbed(page);
  const want = cliSearch(demo.path, 'open source');
  await page.locator('[data-verbatim] input[type="search"]').fill('open source');
  await assertShowsSearch(page, '[data-verbatim]', dump, want, 'the pasted snippet');
  assert.deepEqual(page.pageErrors, []);
  assert.deepEqual(page.consoleErrors, []);
});

// ---------------------------------------------------------------- 5. a fixed site header

test("under the post's fixed header, the script embed's search bar sticks below it", async () => {
  const HEADER = 60;
  ctx.writeFixture('fixed-header.html', `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Header</title><link rel="icon" href="data:,">
<style>body { margin: 0 } header { position: fixed; top: 0; left: 0; right: 0; height: ${HEADER}px; background: #333; color: #fff; z-index: 10 }
main { margin: ${HEADER + 20}px auto 0; max-width: 700px }</style></head>
<body><header>My newsletter</header><main><p style="height:300px">Intro.</p>
<div id="w" data-verbatim data-src="/demo/embed/episode.idx"></div>
<script src="/demo/embed/verbatim-embed.js" defer></script><p style="height:1500px">After.</p></main></body></html>`);
  const page = await ctx.newPage();
  await page.goto(ctx.origin + '/fixtures/fixed-header.html');
  await page.locator('#w [data-segment]').first().waitFor();
  const fieldTop = () => page.evaluate(() => document.querySelector('#w').shadowRoot.querySelector('input[type="search"]').getBoundingClientRect().top);
  for (const into of [1500, 2600]) {
    await page.evaluate((y) => scrollTo(0, document.querySelector('#w').getBoundingClientRect().top + scrollY + y), into);
    await poll(fieldTop, (t) => t >= HEADER && t < HEADER + 80, { message: `the search field below the header ${into}px into the widget` });
  }
  // Stepping to a match keeps the field in sight, below the header.
  await page.locator('#w input[type="search"]').fill('hangzhou');
  await page.locator('#w input[type="search"]').press('Enter');
  await poll(fieldTop, (t) => t >= HEADER && t < HEADER + 80, { message: 'the search field below the header after Enter' });
  // Back above the widget, the bar is in its place again.
  await page.evaluate(() => scrollTo(0, 0));
  const hostTop = await page.$eval('#w', (w) => w.getBoundingClientRect().top);
  await poll(fieldTop, (t) => t >= hostTop && t < hostTop + 600, { message: 'the bar back in its place' });
  assert.deepEqual(page.pageErrors, []);
});

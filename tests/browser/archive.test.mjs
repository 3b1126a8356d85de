// The archive widget: a show's site written by `verbatim archive` (the demo
// episode, three small WebVTT episodes and nine short generated ones), its
// archive page served as a static host would, checked against `verbatim
// search <site>`: results grouped by episode with counts, snippets and
// marks; the speaker filter; newest first; more episodes; the view in the
// URL; a snippet's link into the episode page, which opens at the moment
// with the query; damaged and missing catalogue files; the files fetched
// (from the network log); keyboard, axe, and screenshots in both schemes.
//
// The widget lives in a shadow root (the site's embed loader): Playwright's
// CSS locators pierce it; code inside `page.evaluate` goes through
// `host.shadowRoot`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { suite, cli, cliSearch, waitForWidget, DEMO_EPISODE, AXE, poll, writeEpisode, assertNoErrors, assertNoPanic } from './harness.mjs';

const ARCHIVE = '[data-verbatim-archive]';
const FIELD = `${ARCHIVE} input[type="search"]`;
const COUNT = `${ARCHIVE} [data-match-count]`;
const ORDER = `${ARCHIVE} .vba-order select`;
const OUTPUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'output');

const vtt = (cues) =>
  'WEBVTT\n\n' +
  cues.map(([who, text], i) => `00:00:${String(i * 8).padStart(2, '0')}.000 --> 00:00:${String(i * 8 + 8).padStart(2, '0')}.000\n<v ${who}>${text}\n`).join('\n');

// Slug → [title, date, cues]; the demo episode (2025-04-16) is copied in.
const EPISODES = {
  'robots-in-hangzhou': ['Robots in Hangzhou — With Ana Lee', '2025-03-02', [
    ['Alex Kantrowitz', 'Welcome back. Today we are in Hangzhou, where the robots are everywhere.'],
    ['Ana Lee', 'Thanks for having me. Hangzhou is home to Deepseek and to a lot of robotics startups.'],
    ['Alex Kantrowitz', 'Is China ahead on open source models now?'],
    ['Ana Lee', 'On open source, yes. Chinese labs release open weights faster than anyone, and the robots use them.'],
    ['Alex Kantrowitz', 'And what about chips? Can China build the chips it needs?'],
    ['Ana Lee', 'Not yet. Export controls hurt, but the labs in China are learning to do more with less compute.'],
  ]],
  'chips-and-export': ['Chips, Export Controls and China', '2025-05-10', [
    ['Alex Kantrowitz', 'Bo Chen is here to talk about chips, export controls and what they mean for China.'],
    ['Bo Chen', 'Happy to be here. The export rules changed three times this year alone.'],
    ['Alex Kantrowitz', 'Did Deep Seek change how people think about the chips China needs?'],
    ['Bo Chen', 'It did. Deepseek showed that clever training can stand in for raw compute, at least for a while.'],
    ['Alex Kantrowitz', 'So is open source the strategy, or a side effect?'],
    ['Bo Chen', 'A strategy. Open source wins developers, and developers win markets, in China and outside it.'],
  ]],
  'quiet-start': ['A Quiet Start: What This Show Is About', '2024-01-05', [
    ['Alex Kantrowitz', 'This is the first episode. We will talk to founders, investors and researchers.'],
    ['Alex Kantrowitz', 'Every week, one conversation about technology and the people who build it.'],
  ]],
};
for (let i = 1; i <= 9; i++) {
  EPISODES[`mailbag-${i}`] = [`Mailbag ${i}`, `2024-0${i}-15`, [
    ['Alex Kantrowitz', `Letter ${i} asks about China and its chip makers.`],
    ['Alex Kantrowitz', 'Thanks for writing in, keep the letters coming.'],
    // A listener a mailbag: more speakers than the filter has buttons for.
    [`Listener ${i}`, 'Thank you for reading my letter on air.'],
  ]];
}
// Catalogue numbers run oldest first (by date, then folder).
const DATES = { ...Object.fromEntries(Object.entries(EPISODES).map(([slug, [, date]]) => [slug, date])), 'china-ai-strategy': '2025-04-16' };
const NUMBER = Object.fromEntries(Object.keys(DATES).sort((a, b) => DATES[a].localeCompare(DATES[b]) || a.localeCompare(b)).map((s, i) => [s, i]));

let site; // { path, url }
const ctx = suite({
  setup(ctx) {
    const show = ctx.fixturePath('show');
    mkdirSync(show, { recursive: true });
    cpSync(DEMO_EPISODE, path.join(show, 'china-ai-strategy'), { recursive: true });
    for (const [slug, [title, date, cues]] of Object.entries(EPISODES)) {
      writeEpisode(ctx, path.join('show', slug), { 'episode.toml': `title = "${title}"\ndate = "${date}"\n`, 'transcript.vtt': vtt(cues) });
    }
    site = ctx.buildSite(show, 'site');
  },
});

/** A copy of the site whose catalogue `damage` changes (given the catalogue folder). */
function damagedSite(name, damage) {
  const copy = ctx.fixturePath(name);
  cpSync(site.path, copy, { recursive: true });
  damage(path.join(copy, 'catalogue'));
  return `/fixtures/${name}/`;
}

/** Flips a byte in the middle of a file's payload (past the 20-byte header). */
function flipByte(file) {
  const bytes = readFileSync(file);
  const at = 20 + Math.floor((bytes.length - 20) / 2);
  bytes[at] ^= 0x5a;
  writeFileSync(file, bytes);
}

async function openArchive(page, hash = '', url = site.url) {
  await page.goto(ctx.origin + url + (hash ? `#${hash}` : ''));
  await page.waitForSelector(`${ARCHIVE} .vba-root`, { state: 'attached', timeout: 20_000 });
  return page;
}

/** Waits until the results are those of a finished search with `total` matches. */
async function waitForTotal(page, total) {
  await poll(
    async () => ({
      count: await page.getAttribute(COUNT, 'data-match-count'),
      busy: await page.getAttribute(`${ARCHIVE} .vba-results`, 'aria-busy'),
    }),
    (s) => s.count === String(total) && s.busy == null,
    { message: `data-match-count ${total}` },
  );
}

/** The episodes shown: slug, count, and each snippet's segment, start, speaker, marks and link. */
function shownEpisodes(page) {
  return page.$$eval(`${ARCHIVE} .vba-episode`, (els) =>
    els.map((el) => ({
      slug: el.getAttribute('data-episode'),
      total: Number(el.getAttribute('data-total')),
      title: el.querySelector('.vba-title').textContent,
      hits: [...el.querySelectorAll('[data-segment]')].map((h) => ({
        segment: Number(h.getAttribute('data-segment')),
        start: Number(h.getAttribute('data-start')),
        speaker: h.getAttribute('data-speaker'),
        marks: [...h.querySelectorAll('mark')].map((m) => m.textContent),
        href: h.querySelector('a').href,
      })),
    })),
  );
}

/** The catalogue files a page requested, as paths under catalogue/, in order. */
function catalogueRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    const m = /\/catalogue\/(.*)$/.exec(new URL(r.url()).pathname);
    if (m) seen.push(m[1]);
  });
  return seen;
}

/** Asserts the widget shows what `verbatim search <site>` finds, page by page. */
function assertSameAsCli(shown, cli, { pageSize = 10 } = {}) {
  assert.deepEqual(shown.map((e) => e.slug), cli.episodes.slice(0, pageSize).map((e) => e.slug), 'episodes, in order');
  for (const [i, e] of shown.entries()) {
    const want = cli.episodes[i];
    assert.equal(e.total, want.total, `${e.slug}: matching segments`);
    assert.equal(e.title, want.title);
    assert.deepEqual(e.hits.map((h) => h.segment), want.hits.slice(0, 3).map((h) => h.segment), `${e.slug}: first snippets`);
    for (const [j, h] of e.hits.entries()) {
      const cliHit = want.hits[j];
      assert.ok(Math.abs(h.start - cliHit.start) < 0.0005, `${e.slug} #${h.segment}: start`);
      assert.equal(h.speaker, cliHit.speaker ?? '');
      // A snippet may cut a long segment after its first matches: its marks
      // are the CLI's first spans, byte for byte.
      const bytes = Buffer.from(cliHit.text);
      const spans = cliHit.spans.map(([a, b]) => bytes.subarray(a, b).toString());
      assert.ok(h.marks.length >= 1, `${e.slug} #${h.segment}: marked`);
      assert.deepEqual(h.marks, spans.slice(0, h.marks.length), `${e.slug} #${h.segment}: marks`);
    }
  }
}

for (const query of ['china', '"open source"', 'deepseek', 'hangzhuo', 'chips china']) {
  test(`typing ${query} shows the episodes, counts, snippets and marks the CLI finds`, async () => {
    const cli = cliSearch(site.path, query);
    assert.ok(cli.total > 0);
    const page = await openArchive(await ctx.newPage());
    await page.click(FIELD);
    await page.keyboard.type(query);
    await waitForTotal(page, cli.total);
    assertSameAsCli(await shownEpisodes(page), cli);
    const summary = (await page.textContent(COUNT)).trim();
    assert.match(summary, new RegExp(`^${cli.total} match(es)? in ${cli.episodes.length} episodes?$`));
    assert.equal(await page.getAttribute(COUNT, 'aria-live'), 'polite');
    assertNoErrors(page);
  });
}

test('before a query, the newest episodes are listed, and a speaker narrows them', async () => {
  const page = await openArchive(await ctx.newPage());
  const newest = Object.keys(DATES).sort((a, b) => DATES[b].localeCompare(DATES[a]));
  const listed = () => page.$$eval(`${ARCHIVE} .vba-listed`, (els) => els.map((e) => e.getAttribute('data-episode')));
  await poll(listed, (l) => l.length === 10, { message: 'ten episodes listed' });
  assert.deepEqual(await listed(), newest.slice(0, 10));
  assert.equal(await page.getAttribute(FIELD, 'placeholder'), `Search all ${newest.length} episodes`);
  await page.focus(`${ARCHIVE} .vba-more button`);
  await page.keyboard.press('Enter');
  await poll(listed, (l) => l.length === newest.length, { message: 'every episode listed' });
  assert.ok(await page.isHidden(`${ARCHIVE} .vba-more`), 'nothing more to show');
  // The button is gone: the focus is on the first episode it brought, not lost.
  const focused = () => page.evaluate((sel) => document.querySelector(sel).shadowRoot.activeElement?.closest('.vba-listed')?.getAttribute('data-episode') ?? null, ARCHIVE);
  await poll(focused, (slug) => slug === newest[10], { message: `focus on ${newest[10]}` });
  await page.click(`${ARCHIVE} button[data-speaker-filter="bo-chen"]`);
  await poll(listed, (l) => l.length === 1, { message: "Bo Chen's episodes" });
  assert.deepEqual(await listed(), ['chips-and-export']);
  assertNoErrors(page);
});

test('the speaker filter keeps the chosen speakers across episodes, as the CLI does by name', async () => {
  const page = await openArchive(await ctx.newPage());
  await page.fill(FIELD, 'china');
  await waitForTotal(page, cliSearch(site.path, 'china').total);
  const bo = `${ARCHIVE} button[data-speaker-filter="bo-chen"]`;
  assert.equal(await page.getAttribute(bo, 'aria-pressed'), 'false');
  await page.click(bo);
  assert.equal(await page.getAttribute(bo, 'aria-pressed'), 'true');
  const cli = cliSearch(site.path, 'china', ['Bo Chen']);
  await waitForTotal(page, cli.total);
  const shown = await shownEpisodes(page);
  assertSameAsCli(shown, cli);
  assert.ok(shown.flatMap((e) => e.hits).every((h) => h.speaker === 'bo-chen'));
  assert.match(new URL(page.url()).hash, /speaker=bo-chen/);
  // Two speakers: either one.
  await page.click(`${ARCHIVE} button[data-speaker-filter="ana-lee"]`);
  const both = cliSearch(site.path, 'china', ['Bo Chen', 'Ana Lee']);
  await waitForTotal(page, both.total);
  assertSameAsCli(await shownEpisodes(page), both);
  assert.match(new URL(page.url()).hash, /speaker=bo-chen,ana-lee/);
  assertNoErrors(page);
});

test('the speakers beyond the buttons are fetched when the reader turns to the filter, and filter like the buttons', async () => {
  const page = await ctx.newPage();
  const fetched = catalogueRequests(page);
  await openArchive(page);
  // The manifest names the most frequent speakers: their buttons come first.
  await page.waitForSelector(`${ARCHIVE} button[data-speaker-filter="alex-kantrowitz"]`);
  assert.equal(await page.locator(`${ARCHIVE} button[data-speaker-filter]`).count(), 8);
  assert.ok(!fetched.includes('speakers.vcat'), `${fetched}`);
  const more = `${ARCHIVE} .vba-more-speakers select`;
  await page.hover(`${ARCHIVE} .vba-speakers`);
  await poll(() => page.$$eval(`${more} option`, (o) => o.map((e) => e.textContent)), (o) => o.some((t) => t.startsWith('Listener 9')), {
    message: 'the other speakers listed',
  });
  assert.deepEqual(fetched.filter((f) => f === 'speakers.vcat'), ['speakers.vcat']);
  await page.fill(FIELD, 'letter');
  await page.selectOption(more, 'listener-9');
  const cli = cliSearch(site.path, 'letter', ['Listener 9']);
  assert.equal(cli.total, 1);
  await waitForTotal(page, cli.total);
  assertSameAsCli(await shownEpisodes(page), cli);
  assert.match(new URL(page.url()).hash, /speaker=listener-9/);
  assert.ok(await page.isVisible(`${ARCHIVE} button[data-speaker-filter="listener-9"][aria-pressed="true"]`));
  // Opened with a speaker in the URL: the speakers file comes at once.
  const restored = await ctx.newPage();
  const again = catalogueRequests(restored);
  await openArchive(restored, 'q=letter&speaker=listener-9');
  await waitForTotal(restored, cli.total);
  assert.ok(again.includes('speakers.vcat'));
  assertNoErrors(page);
});

test('newest first orders the episodes by date; more episodes shows the rest; the URL keeps the view', async () => {
  const cli = cliSearch(site.path, 'china');
  assert.ok(cli.episodes.length > 10, 'the show has more than a page of episodes with "china"');
  const page = await openArchive(await ctx.newPage());
  await page.fill(FIELD, 'china');
  await waitForTotal(page, cli.total);
  assert.equal((await shownEpisodes(page)).length, 10);
  await page.selectOption(ORDER, 'newest');
  const newest = [...cli.episodes].sort((a, b) => b.date.localeCompare(a.date));
  await poll(async () => (await shownEpisodes(page)).map((e) => e.slug), (s) => s[0] === newest[0].slug, { message: 'newest first' });
  assert.deepEqual((await shownEpisodes(page)).map((e) => e.slug), newest.slice(0, 10).map((e) => e.slug));
  await page.click(`${ARCHIVE} .vba-more button`);
  await poll(async () => (await shownEpisodes(page)).length, (n) => n === cli.episodes.length, { message: 'every episode' });
  const all = await shownEpisodes(page);
  assert.deepEqual(all.map((e) => e.slug), newest.map((e) => e.slug));
  assert.deepEqual(all.map((e) => e.total), newest.map((e) => e.total));
  assert.ok(await page.isHidden(`${ARCHIVE} .vba-more`));
  assert.equal(new URL(page.url()).hash, '#q=china&order=newest');

  // The URL restores the view, and back goes to the previous order.
  const restored = await openArchive(await ctx.newPage(), 'q=china&speaker=alex-kantrowitz&order=newest');
  const alex = cliSearch(site.path, 'china', ['Alex Kantrowitz']);
  await waitForTotal(restored, alex.total);
  assert.equal(await restored.inputValue(FIELD), 'china');
  assert.equal(await restored.inputValue(ORDER), 'newest');
  assert.equal(await restored.getAttribute(`${ARCHIVE} button[data-speaker-filter="alex-kantrowitz"]`, 'aria-pressed'), 'true');
  const alexNewest = [...alex.episodes].sort((a, b) => b.date.localeCompare(a.date));
  assert.deepEqual((await shownEpisodes(restored)).map((e) => e.slug), alexNewest.slice(0, 10).map((e) => e.slug));
  await restored.selectOption(ORDER, 'matches');
  await poll(async () => (await shownEpisodes(restored)).map((e) => e.slug)[0], (s) => s === alex.episodes[0].slug, { message: 'most matches first' });
  await restored.goBack();
  await poll(() => restored.inputValue(ORDER), (v) => v === 'newest', { message: 'back restores the order' });
  assertNoErrors(page);
  assertNoErrors(restored);
});

test('a snippet opens its episode page at that segment with the query', async () => {
  const page = await openArchive(await ctx.newPage());
  await page.fill(FIELD, 'open source');
  await waitForTotal(page, cliSearch(site.path, 'open source').total);
  for (const slug of ['chips-and-export', 'china-ai-strategy']) {
    if (!page.url().includes('#q=')) await page.goBack();
    await page.waitForSelector(`${ARCHIVE} .vba-episode[data-episode="${slug}"]`);
    const hit = (await shownEpisodes(page)).find((e) => e.slug === slug).hits[1];
    const link = new URL(hit.href);
    assert.equal(link.pathname, `${site.url}${slug}/`);
    assert.equal(link.hash, `#q=open%20source&t=${String(hit.start)}`);
    await page.click(`${ARCHIVE} .vba-episode[data-episode="${slug}"] [data-segment="${hit.segment}"] a`);
    await page.waitForURL(`**/${slug}/#q=*`);
    await page.waitForSelector('[data-verbatim] .vb-root', { state: 'attached', timeout: 20_000 });
    await poll(() => page.inputValue('[data-verbatim] input[type="search"]'), (v) => v === 'open source', { message: "the episode's search field" });
    await poll(
      () => page.$$eval('[data-verbatim] [aria-current="true"][data-segment]', (els) => els.map((e) => Number(e.getAttribute('data-segment')))),
      (ids) => ids.length === 1 && ids[0] === hit.segment,
      { message: `segment ${hit.segment} current in ${slug}` },
    );
    assertNoErrors(page);
    await page.goBack();
  }
});

test('back from an episode page returns to the same place: the episodes shown and the scroll', async () => {
  const cli = cliSearch(site.path, 'china');
  const page = await openArchive(await ctx.newPage());
  await page.setViewportSize({ width: 800, height: 500 });
  await page.fill(FIELD, 'china');
  await waitForTotal(page, cli.total);
  await page.click(`${ARCHIVE} .vba-more button`);
  await poll(async () => (await shownEpisodes(page)).length, (n) => n === cli.episodes.length, { message: 'every episode' });
  // The last episode's first snippet, scrolled to.
  const last = cli.episodes.at(-1);
  const link = `${ARCHIVE} .vba-episode[data-episode="${last.slug}"] [data-segment] a`;
  await page.locator(link).first().scrollIntoViewIfNeeded();
  const scrolled = await page.evaluate(() => scrollY);
  assert.ok(scrolled > 500, `the page is scrolled down (${scrolled})`);
  await page.locator(link).first().click();
  await page.waitForURL(`**/${last.slug}/#q=*`);
  await page.waitForSelector('[data-verbatim] .vb-root', { state: 'attached', timeout: 20_000 });
  await page.goBack();
  await page.waitForSelector(`${ARCHIVE} .vba-root`, { state: 'attached', timeout: 20_000 });
  await waitForTotal(page, cli.total);
  await poll(async () => (await shownEpisodes(page)).length, (n) => n === cli.episodes.length, { message: 'every episode shown again' });
  await poll(() => page.evaluate(() => scrollY), (y) => Math.abs(y - scrolled) < 2, { message: `scrolled back to ${scrolled}` });
  assert.ok(await page.locator(link).first().isVisible());
  // A fresh visit to the same view starts at the top with one page.
  const fresh = await openArchive(await ctx.newPage(), 'q=china');
  await waitForTotal(fresh, cli.total);
  assert.equal((await shownEpisodes(fresh)).length, 10);
  assertNoErrors(page);
  assertNoErrors(fresh);
});

test('with a speaker chosen, a snippet opens its episode page filtered the same way, with the same count', async () => {
  const page = await openArchive(await ctx.newPage(), 'q=china&speaker=alex-kantrowitz');
  const cli = cliSearch(site.path, 'china', ['Alex Kantrowitz']);
  await waitForTotal(page, cli.total);
  const [first] = await shownEpisodes(page);
  assert.match(first.hits[0].href, /#q=china&speaker=alex-kantrowitz&t=/, 'the link carries the speaker');
  await page.click(`${ARCHIVE} .vba-episode[data-episode="${first.slug}"] .vba-hit-link >> nth=0`);
  await page.waitForURL(new RegExp(`/${first.slug}/#`));
  const episodeCount = '[data-verbatim] [data-match-count]';
  await poll(() => page.getAttribute(episodeCount, 'data-match-count'), (n) => n === String(first.total), {
    message: `the episode page counts ${first.total}, as the archive did`,
  });
  assertNoErrors(page);
});

test('a damaged or missing catalogue file shows the alert box, not a panic', async () => {
  const cases = [
    ['manifest', damagedSite('bad-manifest', (dir) => flipByte(path.join(dir, 'manifest.vcat'))), /manifest\.vcat: this catalogue file is damaged \(checksum mismatch\); upload or copy the site again/],
    ['dictionary', damagedSite('bad-dict', (dir) => {
      for (const f of readdirSync(dir).filter((f) => f.startsWith('dict-'))) flipByte(path.join(dir, f));
    }), /dict-\d+\.vcat: this catalogue file is damaged/],
    ['text', damagedSite('no-text', (dir) => rmSync(path.join(dir, 'text'), { recursive: true })), /HTTP 404/],
  ];
  for (const [what, url, message] of cases) {
    const page = await openArchive(await ctx.newPage(), '', url);
    if (what !== 'manifest') await page.fill(FIELD, 'china');
    const alert = `${ARCHIVE} [role="alert"]`;
    await page.waitForSelector(alert, { timeout: 10_000 });
    assert.match(await page.textContent(alert), message, what);
    assert.ok(await page.isVisible(FIELD), `${what}: the search field stays`);
    assertNoPanic(page, what);
  }
});

/** A site of the same show one word later: every catalogue file of another build. */
function laterSite() {
  const show = ctx.fixturePath('show-later');
  cpSync(ctx.fixturePath('show'), show, { recursive: true });
  const vttFile = path.join(show, 'quiet-start', 'transcript.vtt');
  writeFileSync(vttFile, readFileSync(vttFile, 'utf8').replace('founders,', 'founders, ocelots,'));
  return ctx.buildSite(show, 'site-later');
}

test('catalogue files of two builds: fetched again past the cache, and an alert if the host itself mixes them', async () => {
  const later = laterSite();
  const dicts = readdirSync(path.join(site.path, 'catalogue')).filter((f) => f.startsWith('dict-'));
  // A host that mixes them: the later build's dictionary beside this build's manifest.
  const mixed = damagedSite('mixed-builds', (dir) => {
    for (const f of dicts) cpSync(path.join(later.path, 'catalogue', f), path.join(dir, f));
  });
  let page = await openArchive(await ctx.newPage(), '', mixed);
  await page.fill(FIELD, 'china');
  const alert = `${ARCHIVE} [role="alert"]`;
  await page.waitForSelector(alert, { timeout: 10_000 });
  assert.match(await page.textContent(alert), /dict-\d+\.vcat: this catalogue file is from another build of the site than its manifest/);
  assertNoPanic(page, 'mixed builds');

  // A cache that kept the earlier build's dictionary shards: the site is the
  // later build, but each shard's first answer is the earlier build's (what
  // a cache would give; a routed request never reaches the browser's own
  // cache, whose modes cannot be seen here). The widget fetches a shard of
  // another build once more (past the cache) and answers as the CLI does.
  page = await ctx.newPage();
  const answered = new Map();
  await page.route('**/catalogue/dict-*', async (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop();
    answered.set(name, (answered.get(name) ?? 0) + 1);
    const from = answered.get(name) === 1 ? site.path : later.path;
    await route.fulfill({ status: 200, contentType: 'application/octet-stream', body: readFileSync(path.join(from, 'catalogue', name)) });
  });
  await openArchive(page, '', later.url);
  const cli = cliSearch(later.path, 'ocelots');
  assert.equal(cli.total, 1);
  await page.fill(FIELD, 'ocelots');
  await waitForTotal(page, cli.total);
  assertSameAsCli(await shownEpisodes(page), cli);
  assert.ok(answered.size > 0 && [...answered.values()].every((n) => n === 2), `each shard fetched twice: ${[...answered]}`);
  assert.equal(await page.locator(`${ARCHIVE} [role="alert"]`).count(), 0);
  assertNoErrors(page);
});

test('a browser without DecompressionStream is told so, not that the catalogue is damaged', async () => {
  const page = await ctx.newPage();
  await page.addInitScript(() => { delete window.DecompressionStream; });
  await page.goto(ctx.origin + site.url);
  const alert = `${ARCHIVE} [role="alert"]`;
  await page.waitForSelector(alert, { timeout: 10_000 });
  const text = await page.textContent(alert);
  assert.match(text, /this browser cannot inflate its files \(it has no DecompressionStream\); a current browser can/);
  assert.doesNotMatch(text, /damaged/);
  assertNoPanic(page, 'no DecompressionStream');
});

test('opened from disk (file://), the archive and episode pages say to serve the folder, and show their own content', async () => {
  const page = await ctx.newPage();
  await page.goto(pathToFileURL(path.join(site.path, 'index.html')).href);
  const alert = `${ARCHIVE} [role="alert"]`;
  await page.waitForSelector(alert, { timeout: 10_000 });
  assert.match(await page.textContent(alert), /opened from disk \(file:\/\/\).*python3 -m http\.server/);
  // The page's own list of episodes shows below the alert, with its links.
  const link = page.locator(`${ARCHIVE} a`, { hasText: 'Robots in Hangzhou' });
  assert.ok(await link.isVisible(), 'the episode list is shown');
  assertNoPanic(page, 'archive from disk');

  await page.goto(pathToFileURL(path.join(site.path, 'robots-in-hangzhou', 'index.html')).href);
  await page.waitForSelector('[data-verbatim] [role="alert"]', { timeout: 10_000 });
  assert.match(await page.textContent('[data-verbatim] [role="alert"]'), /opened from disk/);
  assert.ok(await page.getByText('where the robots are everywhere').first().isVisible(), "the episode's text is shown");
  assertNoPanic(page, 'episode from disk');
});

test('the episode-only widget build (what `embed` ships) says it has no archive search, and the page keeps working', async () => {
  // The site with the loader and wasm of `verbatim embed` instead of its own.
  const url = damagedSite('episode-build', (catalogue) => {
    const embed = ctx.fixturePath('episode-build-embed');
    cli('embed', DEMO_EPISODE, '--out', embed);
    for (const f of ['verbatim-embed.js', 'verbatim_bg.wasm']) cpSync(path.join(embed, f), path.join(catalogue, '..', f));
  });
  const page = await ctx.newPage();
  await page.goto(ctx.origin + url);
  const alert = `${ARCHIVE} [role="alert"]`;
  await page.waitForSelector(alert, { timeout: 10_000 });
  assert.match(await page.textContent(alert), /no archive search: publish the show with `verbatim archive`/);
  assertNoPanic(page, 'episode build');
  // Its episode pages still open with that build.
  await page.goto(`${ctx.origin}${url}china-ai-strategy/`);
  await waitForWidget(page);
  // The demo page's own build (Trunk's, started as a module) says the same.
  ctx.writeFixture('episode-build/module.html', `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Archive</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/verbatim.css"></head>
<body><div data-verbatim-archive data-src="${url}catalogue/"></div>
<script type="module">import init from '/verbatim.js'; init({ module_or_path: '/verbatim_bg.wasm' });</script></body></html>`);
  await page.goto(`${ctx.origin}/fixtures/episode-build/module.html`);
  await page.waitForSelector(alert, { timeout: 10_000 });
  assert.match(await page.textContent(alert), /no archive search: publish the show with verbatim archive/);
  assertNoPanic(page, 'module build');
});

test('a query fetches only the catalogue files it needs, each once, and a repeated one none', async () => {
  const all = (dir) => readdirSync(path.join(site.path, 'catalogue', dir)).filter((f) => f.endsWith('.vcat'));
  const dicts = all('.').filter((f) => f.startsWith('dict-'));
  const postings = all('.').filter((f) => f.startsWith('postings-'));
  assert.ok(dicts.length >= 3 && postings.length >= 2, `a site split into several files (${dicts}, ${postings})`);
  const page = await ctx.newPage();
  const fetched = catalogueRequests(page);
  await openArchive(page);
  await poll(() => page.$$eval(`${ARCHIVE} .vba-listed`, (e) => e.length), (n) => n > 0, { message: 'the newest episodes' });
  // At start: the manifest and the episode files of the newest episodes
  // listed; no speakers file (it grows with the show), dictionary,
  // postings or text.
  const atStart = [...fetched].sort();
  assert.ok(atStart.includes('manifest.vcat') && !atStart.includes('speakers.vcat'), `at start: ${atStart}`);
  assert.ok(atStart.some((f) => f.startsWith('episodes-')), `at start: ${atStart}`);
  assert.ok(atStart.every((f) => /^(manifest|episodes-\d+)\.vcat$/.test(f)), `at start: ${atStart}`);
  fetched.length = 0;

  const cli = cliSearch(site.path, 'hangzhou');
  await page.fill(FIELD, 'hangzhou');
  await waitForTotal(page, cli.total);
  assert.equal(new Set(fetched).size, fetched.length, `no file twice: ${fetched}`);
  const got = (prefix) => fetched.filter((f) => f.startsWith(prefix));
  assert.ok(got('dict-').length >= 1 && got('dict-').length < dicts.length, `dictionary shards: ${got('dict-')} of ${dicts.length}`);
  assert.ok(got('postings-').length >= 1 && got('postings-').length < postings.length, `postings: ${got('postings-')}`);
  const shownNumbers = new Set(cli.episodes.map((e) => NUMBER[e.slug]));
  assert.ok(got('text/').length >= 1);
  for (const f of got('text/')) assert.ok(shownNumbers.has(Number(/^text\/(\d+)-/.exec(f)[1])), `${f} is the text of an episode with hits`);
  assert.deepEqual(fetched.filter((f) => !/^(dict-|postings-|text\/)/.test(f)), [], 'nothing else');

  // The same query again, and typing back to it: all from what is loaded.
  fetched.length = 0;
  await page.fill(FIELD, '');
  await poll(() => page.$$eval(`${ARCHIVE} .vba-listed`, (e) => e.length), (n) => n > 0, { message: 'the list again' });
  await page.fill(FIELD, 'hangzhou');
  await waitForTotal(page, cli.total);
  assert.deepEqual(fetched, [], 'a repeated query fetches nothing');
  assertNoErrors(page);
});

test('keystrokes typed fast end on the last query (older answers are dropped)', async () => {
  const page = await openArchive(await ctx.newPage());
  await page.click(FIELD);
  await page.keyboard.type('robots', { delay: 5 });
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('tics');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('export', { delay: 0 });
  const cli = cliSearch(site.path, 'export');
  await waitForTotal(page, cli.total);
  await page.waitForTimeout(400); // room for a stale answer to land, if one could
  await waitForTotal(page, cli.total);
  assertSameAsCli(await shownEpisodes(page), cli);
  assert.equal(new URL(page.url()).hash, '#q=export');
  assertNoErrors(page);
});

test('keyboard: / focuses the search, Escape clears it, a speaker toggles in place', async () => {
  const page = await openArchive(await ctx.newPage());
  await page.waitForSelector(`${ARCHIVE} button[data-speaker-filter]`);
  const focused = () => page.evaluate((sel) => {
    const el = document.querySelector(sel).shadowRoot.activeElement;
    return el ? { tag: el.tagName, speaker: el.getAttribute('data-speaker-filter') } : null;
  }, ARCHIVE);
  await page.keyboard.press('/');
  assert.deepEqual(await focused(), { tag: 'INPUT', speaker: null });
  await page.keyboard.type('china');
  await waitForTotal(page, cliSearch(site.path, 'china').total);
  await page.keyboard.press('Escape');
  assert.equal(await page.inputValue(FIELD), '');
  await page.focus(`${ARCHIVE} button[data-speaker-filter="grace-shao"]`);
  await page.keyboard.press('Space');
  assert.equal(await page.getAttribute(`${ARCHIVE} button[data-speaker-filter="grace-shao"]`, 'aria-pressed'), 'true');
  assert.deepEqual(await focused(), { tag: 'BUTTON', speaker: 'grace-shao' }, 'the pressed button keeps the focus');
  assertNoErrors(page);
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe finds no violations on the archive page with results (${colorScheme}); screenshot`, async () => {
    const page = await openArchive(await ctx.newPage({ colorScheme }));
    await page.fill(FIELD, 'open source');
    await waitForTotal(page, cliSearch(site.path, 'open source').total);
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document);
      if (r.passes.length < 10) throw new Error(`axe ran only ${r.passes.length} passing rules`);
      return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    });
    assert.deepEqual(violations, []);
    // The theme follows the reader's scheme.
    const background = await page.evaluate((sel) => getComputedStyle(document.querySelector(sel)).backgroundColor, ARCHIVE);
    assert.equal(background, colorScheme === 'dark' ? 'rgb(22, 23, 27)' : 'rgb(255, 255, 255)');
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT, `archive-${colorScheme}.png`), fullPage: true });
    assertNoErrors(page);
  });
}

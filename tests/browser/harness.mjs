// Shared machinery for the browser tests (not a test file itself: `node --test`
// only picks up `*.test.mjs` here).
//
// - a static HTTP server on 127.0.0.1 (random port) serving dist/ and a
//   per-run fixtures directory, with correct MIME types and Range support
//   (audio seeking needs it), plus generated pages:
//     /widget.html?src=<url>[&prefix=<p>]   (also at any path ending in /widget.html,
//                                            so relative audio URLs resolve there)
//     /blank.html                           (an empty same-origin page)
//   and a folder's URL ending in `/` serves its index.html (a show's site);
// - Chromium (Debian's, through playwright-core) with the project's flags;
// - the `verbatim` CLI (target/release/verbatim) to build and query indexes;
// - per-page collection of console errors and page errors.
//
// `suite()` registers `before`/`after`/`afterEach` hooks in the calling test
// file and returns a context; everything it starts is stopped in `after`.

import { after, afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, createReadStream, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// VERBATIM_DIST points the tests at another build of the widget (e.g. a patched copy).
export const DIST = process.env.VERBATIM_DIST ? path.resolve(process.env.VERBATIM_DIST) : path.join(ROOT, 'dist');
export const CLI = path.join(ROOT, 'target', 'release', 'verbatim');
export const DEMO_EPISODE = path.join(ROOT, 'www', 'episodes', 'china-ai-strategy');
export const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
];

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.vtt': 'text/vtt; charset=utf-8',
  '.srt': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.idx': 'application/octet-stream',
};

function requireBuilds() {
  for (const file of [path.join(DIST, 'index.html'), path.join(DIST, 'verbatim.js'), path.join(DIST, 'verbatim_bg.wasm'), CLI]) {
    if (!existsSync(file)) {
      throw new Error(`${path.relative(ROOT, file)} is missing: run \`trunk build --release --offline\` and \`cargo build --release\` first`);
    }
  }
}

// ---------------------------------------------------------------- the CLI

/** Runs the CLI; throws with its stderr when it fails. Returns stdout. */
export function cli(...args) {
  const r = spawnSync(CLI, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`verbatim ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** `verbatim search <index> <query> [--speaker id]... --json`, parsed. */
export function cliSearch(index, query, speakers = []) {
  return JSON.parse(cli('search', index, query, ...speakers.flatMap((s) => ['--speaker', s]), '--json'));
}

/** `verbatim dump <index> --json`, parsed. */
export function cliDump(index) {
  return JSON.parse(cli('dump', index, '--json'));
}

// ---------------------------------------------------------------- pages

/** The HTML of the generated widget page. */
function widgetPage(src, prefix) {
  const attr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Verbatim test page</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/verbatim.css">
<link rel="stylesheet" href="/page.css">
</head>
<body>
<main class="page">
<div data-verbatim${src == null ? '' : ` data-src="${attr(src)}"`}${prefix == null ? '' : ` data-url-prefix="${attr(prefix)}"`}></div>
</main>
<script type="module">import init from '/verbatim.js'; init({ module_or_path: '/verbatim_bg.wasm' });</script>
</body>
</html>
`;
}

const BLANK = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>blank</title></head><body></body></html>\n`;

// ---------------------------------------------------------------- server

/** Starts the static server; resolves to { origin, fixtures, close }. */
export async function startServer() {
  const fixtures = mkdtempSync(path.join(tmpdir(), 'verbatim-browser-'));
  const server = createServer((req, res) => {
    try {
      handle(req, res, fixtures);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e));
    }
  });
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    fixtures,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
      rmSync(fixtures, { recursive: true, force: true });
    },
  };
}

function handle(req, res, fixtures) {
  const url = new URL(req.url, 'http://localhost');
  const pathname = decodeURIComponent(url.pathname);
  const headers = { 'cache-control': 'no-store' };
  if (pathname === '/widget.html' || pathname.endsWith('/widget.html')) {
    res.writeHead(200, { ...headers, 'content-type': MIME['.html'] });
    res.end(widgetPage(url.searchParams.get('src'), url.searchParams.get('prefix')));
    return;
  }
  if (pathname === '/blank.html') {
    res.writeHead(200, { ...headers, 'content-type': MIME['.html'] });
    res.end(BLANK);
    return;
  }
  let base = DIST;
  let rel = pathname === '/' ? '/index.html' : pathname;
  if (rel.startsWith('/fixtures/')) {
    base = fixtures;
    rel = rel.slice('/fixtures'.length);
  }
  let file = path.resolve(base, '.' + rel);
  // A folder's URL ending in `/` serves its index.html, as static hosts do
  // (a show's site links to its episode pages as `<slug>/`).
  if (rel.endsWith('/') && file.startsWith(base + path.sep) && existsSync(path.join(file, 'index.html'))) {
    file = path.join(file, 'index.html');
  }
  if (!file.startsWith(base + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { ...headers, 'content-type': 'text/plain' });
    res.end('not found');
    return;
  }
  const size = statSync(file).size;
  const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range && (range[1] !== '' || range[2] !== '')) {
    let start = range[1] === '' ? Math.max(0, size - Number(range[2])) : Number(range[1]);
    let end = range[1] !== '' && range[2] !== '' ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size || start > end) {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${size}` });
      res.end();
      return;
    }
    res.writeHead(206, {
      ...headers,
      'content-type': type,
      'accept-ranges': 'bytes',
      'content-range': `bytes ${start}-${end}/${size}`,
      'content-length': end - start + 1,
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file, { start, end }).pipe(res);
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': type, 'accept-ranges': 'bytes', 'content-length': size });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
}

// ---------------------------------------------------------------- browser

export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * Registers hooks that start a server and a browser for this test file and
 * stop them afterwards; `setup(ctx)`, if given, runs once they are up (use it
 * instead of a separate `before`, whose order Node 20 does not guarantee).
 * Returns a context:
 *   origin, fixtures               the server's origin and fixtures directory
 *   newPage(options)               a page in a fresh context (closed after each test);
 *                                  options: viewport, colorScheme, reducedMotion
 *   writeFixture(rel, content)     writes a file under the fixtures dir, returns its URL path
 *   buildIndex(input, name)        `verbatim index <input> -o fixtures/<name>`, returns
 *                                  { path, url } (file path for the CLI, URL path for pages)
 *   buildSite(showDir, name)       `verbatim archive <showDir> -o fixtures/<name>` (a show's
 *                                  site, with the widget assets of target/verbatim/bundle),
 *                                  returns { path, url } (url: the archive page's folder)
 *   widgetUrl(src, { hash, prefix, at })   URL of the generated widget page
 */
export function suite({ setup } = {}) {
  const ctx = {};
  const contexts = new Set();
  let server;
  let browser;
  before(async () => {
    requireBuilds();
    server = await startServer();
    browser = await launchBrowser();
    ctx.origin = server.origin;
    ctx.fixtures = server.fixtures;
    ctx.browser = browser;
    // Node 20 may start several root-level `before` hooks together, so a test
    // file's own preparation runs here, after the server and browser exist.
    if (setup) await setup(ctx);
  });
  afterEach(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    contexts.clear();
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    contexts.clear();
    if (browser) await browser.close();
    if (server) await server.close();
  });
  ctx.newPage = async (options = {}) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
    contexts.add(context);
    const page = await context.newPage();
    trackErrors(page);
    return page;
  };
  ctx.writeFixture = (rel, content) => {
    const file = path.join(ctx.fixtures, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    return '/fixtures/' + rel.split(path.sep).join('/');
  };
  ctx.fixturePath = (rel) => path.join(ctx.fixtures, rel);
  ctx.buildIndex = (input, name) => {
    const out = path.join(ctx.fixtures, name);
    mkdirSync(path.dirname(out), { recursive: true });
    cli('index', input, '-o', out);
    return { path: out, url: '/fixtures/' + name.split(path.sep).join('/') };
  };
  ctx.buildSite = (showDir, name) => {
    const out = path.join(ctx.fixtures, name);
    cli('archive', showDir, '-o', out);
    return { path: out, url: '/fixtures/' + name.split(path.sep).join('/') + '/' };
  };
  ctx.widgetUrl = (src, { hash = '', prefix, at = '/widget.html' } = {}) => {
    const u = new URL(at, ctx.origin);
    if (src != null) u.searchParams.set('src', src);
    if (prefix != null) u.searchParams.set('prefix', prefix);
    return u.href + (hash ? (hash.startsWith('#') ? hash : '#' + hash) : '');
  };
  return ctx;
}

/** Attaches `page.consoleErrors` and `page.pageErrors` arrays. */
export function trackErrors(page) {
  page.consoleErrors = [];
  page.pageErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') page.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => page.pageErrors.push(e?.stack || String(e)));
  return page;
}

/** Asserts a page logged no console errors and threw nothing. */
export function assertNoErrors(page, what = 'page') {
  assert.deepEqual(page.pageErrors, [], `${what}: uncaught page errors`);
  assert.deepEqual(page.consoleErrors, [], `${what}: console errors`);
}

/** Asserts no Rust panic or wasm trap reached the console. */
export function assertNoPanic(page, what = 'page') {
  assert.deepEqual(page.pageErrors, [], `${what}: uncaught page errors`);
  const panics = page.consoleErrors.filter((m) => /panicked|RuntimeError|unreachable|wasm-bindgen/i.test(m));
  assert.deepEqual(panics, [], `${what}: panics in the console`);
}

// ---------------------------------------------------------------- widget helpers

export const ROOT_SEL = '[data-verbatim]';
export const SEARCH = '[data-verbatim] input[type="search"]';
export const SEGMENTS = '[data-verbatim] [data-segment]';

/** Navigates and waits until the widget is mounted (or shows its alert). */
export async function openWidget(page, url) {
  await page.goto(url);
  await waitForWidget(page);
  return page;
}

export async function waitForWidget(page) {
  await page.waitForSelector('[data-verbatim] .vb-root', { state: 'attached', timeout: 20_000 });
}

/** Types a query by replacing the field's content (one input event). */
export async function setQuery(page, query) {
  await page.fill(SEARCH, query);
}

/** Waits until `[data-match-count]` equals `n` (attribute). */
export async function waitForCount(page, n) {
  await page.waitForFunction(
    (n) => document.querySelector('[data-verbatim] [data-match-count]')?.getAttribute('data-match-count') === String(n),
    n,
    { timeout: 10_000 },
  ).catch(async (e) => {
    const got = await page.getAttribute('[data-verbatim] [data-match-count]', 'data-match-count').catch(() => null);
    throw new Error(`data-match-count stayed ${got}, expected ${n}: ${e.message.split('\n')[0]}`);
  });
}

/** A snapshot of the rendered segments: id, start, speaker, marks, current. */
export function segments(page) {
  return page.$$eval('[data-verbatim] [data-segment]', (els) =>
    els.map((el) => ({
      id: Number(el.getAttribute('data-segment')),
      start: Number(el.getAttribute('data-start')),
      speaker: el.getAttribute('data-speaker'),
      marks: [...el.querySelectorAll('mark')].map((m) => m.textContent),
      current: el.getAttribute('aria-current') === 'true',
    })),
  );
}

/** Ids of segments with `aria-current="true"`. */
export function currentIds(page) {
  return page.$$eval('[data-verbatim] [aria-current="true"][data-segment]', (els) =>
    els.map((el) => Number(el.getAttribute('data-segment'))),
  );
}

/** Waits until exactly segment `id` is current. */
export async function waitForCurrent(page, id, timeout = 10_000) {
  await page
    .waitForFunction(
      (id) => {
        const cur = [...document.querySelectorAll('[data-verbatim] [aria-current="true"][data-segment]')];
        return cur.length === 1 && cur[0].getAttribute('data-segment') === String(id);
      },
      id,
      { timeout },
    )
    .catch(async (e) => {
      throw new Error(`segment ${id} never became the only aria-current one (now: ${JSON.stringify(await currentIds(page))}): ${e.message.split('\n')[0]}`);
    });
}

/** The counter's text (`3 of 17`, `10 matches`, ...). */
export async function counterText(page) {
  return (await page.textContent('[data-verbatim] [data-match-count]')).trim();
}

/** Polls `fn` (async) until `check(value)` is truthy; returns the value. */
export async function poll(fn, check, { timeout = 10_000, interval = 50, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let value;
  for (;;) {
    value = await fn();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${message}; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Segment id containing time `t` (seconds): the last with start <= t. */
export function segmentAt(dump, t) {
  let found = null;
  for (const s of dump.segments) if (s.start <= t + 1e-9) found = s.id;
  return found;
}

/** Where segment `id` is relative to the viewport (null when not rendered). */
export function segmentBox(page, id) {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-verbatim] [data-segment="${id}"]`);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left), right: Math.round(r.right), vw: innerWidth, vh: innerHeight, scrollY: Math.round(scrollY) };
  }, id);
}

/**
 * Waits until scrolling stops (the same scroll position twice, 250 ms apart),
 * then asserts segment `id` lies within the viewport.
 */
export async function assertSettlesInViewport(page, id) {
  let last = null;
  const box = await poll(
    async () => {
      const now = await segmentBox(page, id);
      const settled = last && now && now.scrollY === last.scrollY && now.top === last.top;
      last = now;
      return settled ? now : null;
    },
    Boolean,
    { interval: 250, timeout: 10_000, message: `scrolling to settle on segment ${id}` },
  );
  assert.ok(box.top >= 0 && box.bottom <= box.vh && box.left >= 0 && box.right <= box.vw, `segment ${id} is outside the viewport after scrolling: ${JSON.stringify(box)}`);
}

/** A test episode folder (files: name → content) under the fixtures dir. */
export function writeEpisode(ctx, name, files) {
  for (const [file, content] of Object.entries(files)) ctx.writeFixture(path.join(name, file), content);
  return ctx.fixturePath(name);
}

/** A mono 16-bit PCM WAV with a quiet sine tone. */
export function sineWav(seconds, rate = 8000, freq = 440, amplitude = 0.05) {
  const n = Math.round(seconds * rate);
  const buf = Buffer.alloc(44 + n * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + n * 2, 4);
  buf.write('WAVE', 8);
  buf.write('fmt ', 12);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) {
    buf.writeInt16LE(Math.round(Math.sin((2 * Math.PI * freq * i) / rate) * amplitude * 32767), 44 + i * 2);
  }
  return buf;
}

export { readFileSync, execFileSync };

// Keystroke to painted results in the archive widget, cold and warm, in
// Chromium (Debian's, through playwright-core), on a site written by
// `verbatim archive`, served from localhost with gzip.
//
//   node bench/archive/keystroke.mjs [SITE_DIR] [RUNS]
//   HTTP2=1 node bench/archive/keystroke.mjs [SITE_DIR] [RUNS]
//
// HTTP2=1 serves the site over HTTP/2 (TLS with a throwaway self-signed
// certificate from `openssl`, which Chromium is told to accept), as static
// hosts and CDNs do: a query's files then share one connection instead of
// queueing for HTTP/1.1's six.
//
// SITE_DIR defaults to target/bench-archive/1000/site (written by
// `node bench/archive/run.mjs 1000`); RUNS (default 5) fresh pages per query.
// About two minutes on the 1,000-episode site.
//
// Cold: a fresh page (nothing fetched but what opening the archive fetches),
// the query typed at once; from the input event to the first animation
// frame after the widget shows that query's results (a phrase's or split
// word's page comes before its counts are finished), and to the one after
// it shows its answer: the match count of `verbatim search <site> <query>
// --json`, results no longer busy. This includes the widget's 80 ms wait,
// from the keystroke, before it fetches postings and text. Warm: the same query typed again on that page (every file it
// needs already loaded), after clearing the field. Medians and maxima over
// RUNS pages.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createSecureServer } from 'node:http2';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SITE = resolve(process.argv[2] ?? join(ROOT, 'target/bench-archive/1000/site'));
const RUNS = Number(process.argv[3] ?? 5);
const CLI = join(ROOT, 'target/release/verbatim');
const QUERIES = ['hangzhou', 'hangzhuo', 'china', 'open source', 'chinese ai models', '"open source"', 'deepseek', '"i think the"'];
const ARCHIVE = '[data-verbatim-archive]';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

const HTTP2 = process.env.HTTP2 === '1';

/** A self-signed certificate for 127.0.0.1, made for this run. */
function certificate() {
  const dir = mkdtempSync(join(tmpdir(), 'verbatim-bench-'));
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

const gz = new Map();
const serve = (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (path.includes('..')) return res.writeHead(400).end();
  let body;
  try {
    body = readFileSync(join(SITE, path.endsWith('/') ? `${path}index.html` : path));
  } catch {
    return res.writeHead(404).end();
  }
  const headers = { 'content-type': TYPES[extname(path)] ?? (path.endsWith('/') ? TYPES['.html'] : 'application/octet-stream') };
  if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    if (!gz.has(path)) gz.set(path, gzipSync(body, { level: 9 }));
    body = gz.get(path);
    headers['content-encoding'] = 'gzip';
  }
  res.writeHead(200, headers).end(body);
};
const server = HTTP2 ? createSecureServer({ ...certificate(), allowHTTP1: true }, serve) : createServer(serve);
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `${HTTP2 ? 'https' : 'http'}://127.0.0.1:${server.address().port}/`;

/**
 * Types `query` into the field at once; ms until its first results are
 * painted (`first`: for a phrase or split word, the page of episodes and
 * snippets while the counts are finished) and until its answer is (`done`).
 */
function timeQuery(page, query, total) {
  return page.evaluate(
    ({ ARCHIVE, query, total }) =>
      new Promise((done, fail) => {
        const root = document.querySelector(ARCHIVE);
        const field = (root.shadowRoot ?? root).querySelector('input[type="search"]');
        // Answered: results (not the list of newest episodes), not busy,
        // and a count: the exact total, or for a phrase or split word (whose
        // episodes not shown are counted as upper bounds) any count.
        const state = () => {
          const r = root.shadowRoot ?? root;
          const count = r.querySelector('[data-match-count]')?.getAttribute('data-match-count');
          const busy = r.querySelector('.vba-results')?.getAttribute('aria-busy');
          const listing = r.querySelector('.vba-listed');
          const shown = count != null && !listing && r.querySelector('.vba-episode') != null;
          return { shown, ready: count != null && busy == null && !listing && (total == null || count === String(total)) };
        };
        const start = performance.now();
        let first = null;
        field.value = query;
        field.dispatchEvent(new Event('input', { bubbles: true }));
        const frame = () => {
          const now = state();
          if (first == null && now.shown) requestAnimationFrame(() => { first ??= performance.now() - start; });
          if (now.ready) return requestAnimationFrame(() => done({ first: first ?? performance.now() - start, done: performance.now() - start }));
          if (performance.now() - start > 30000) return fail(new Error(`no answer for ${query}`));
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
    { ARCHIVE, query, total },
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', ...(HTTP2 ? ['--ignore-certificate-errors'] : [])] });
console.log(`site ${SITE}, ${RUNS} fresh pages per query, ${HTTP2 ? 'HTTP/2 (TLS)' : 'HTTP/1.1'}\n`);
console.log('| query | matches | cold: results shown, median | cold: answer, median | cold: answer, max | warm median | warm max |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const query of QUERIES) {
  const exact = JSON.parse(execFileSync(CLI, ['search', SITE, query, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 })).total;
  const total = /"|deepseek/.test(query) ? null : exact;
  const cold = [];
  const warm = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base);
    await page.waitForSelector(`${ARCHIVE} .vba-listed`, { timeout: 60000 });
    cold.push(await timeQuery(page, query, total));
    await page.fill(`${ARCHIVE} input[type="search"]`, '');
    await page.waitForSelector(`${ARCHIVE} .vba-listed`);
    warm.push(await timeQuery(page, query, total));
    await context.close();
  }
  const f = (ms) => `${ms.toFixed(0)} ms`;
  const done = cold.map((t) => t.done);
  const warmDone = warm.map((t) => t.done);
  console.log(`| \`${query}\` | ${exact} | ${f(median(cold.map((t) => t.first)))} | ${f(median(done))} | ${f(Math.max(...done))} | ${f(median(warmDone))} | ${f(Math.max(...warmDone))} |`);
}
// Typing, not pasting: `regulation` one letter every 150 ms on a fresh
// page; the catalogue files fetched (each keystroke's dictionary shards at
// once, postings and text only for a prefix the typist paused on).
{
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base);
  await page.waitForSelector(`${ARCHIVE} .vba-listed`, { timeout: 60000 });
  const fetched = [];
  page.on('requestfinished', async (request) => {
    const path = new URL(request.url()).pathname;
    if (path.includes('/catalogue/')) fetched.push({ path, bytes: (await request.sizes()).responseBodySize });
  });
  await page.click(`${ARCHIVE} input[type="search"]`);
  await page.keyboard.type('regulation', { delay: 150 });
  const total = JSON.parse(execFileSync(CLI, ['search', SITE, 'regulation', '--json'], { encoding: 'utf8' })).total;
  await timeQuery(page, 'regulation', total);
  await page.waitForLoadState('networkidle');
  const kinds = {};
  for (const f of fetched) {
    const kind = f.path.split('/catalogue/')[1].replace(/[-/].*$/, '');
    kinds[kind] = (kinds[kind] ?? 0) + f.bytes;
  }
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
  console.log(`\n\`regulation\` typed at 150 ms a letter: ${fetched.length} catalogue files, ${kb(fetched.reduce((a, f) => a + f.bytes, 0))} transferred (${Object.entries(kinds).map(([k, b]) => `${k} ${kb(b)}`).join(', ')})`);
  await context.close();
}
await browser.close();
server.close();

// The scale benchmark for a whole show, side by side with Pagefind (issue 11,
// "Scale"; figures in BENCHMARKS.md, "A whole show: 1,000 episodes").
// Run on demand, never in CI:
//
//   cargo build --release && bash scripts/build-widget-assets.sh   # the CLI, and the widget `archive` copies
//   node bench/archive/run.mjs            # 100, 300 and 1,000 episodes: about 10 minutes on 2 cores
//   node bench/archive/run.mjs 100        # one size: about 1.5 minutes
//   node bench/archive/run.mjs --growth   # only the growth table, from the results saved by earlier runs
//
// For each size N it:
// 1. generates the show (`cargo bench --bench archive -- generate N DIR`,
//    see benches/archive.rs): episode folders, and one HTML page per
//    episode with the same words, under target/bench-archive/N/;
// 2. builds the site with `verbatim archive` under `/usr/bin/time -v` (wall
//    time, peak memory), from scratch, three times (the median time, the
//    largest peak);
// 3. indexes the HTML pages with Pagefind (the npm package's own binary, the
//    version pinned in package.json; no network), the same way;
// 4. counts the catalogue files each cold query reads, natively
//    (`cargo bench --bench archive -- queries SITE --json FILE`);
// 5. serves the site and the Pagefind pages from one local server that
//    gzips every response when that makes it smaller (as a CDN that
//    compresses every type would; Pagefind's index files and the
//    catalogue's files are stored gzipped, so they go as they are, as they
//    would from any host), and in headless Chromium, a fresh
//    browser context (empty cache) per query and per contender:
//    - fetches the catalogue files the native run listed, round by round;
//    - opens the archive page `verbatim archive` wrote (the archive widget),
//      waits for its list of newest episodes, fills in the query and waits
//      for the results: what it fetched to open, and then for the query;
//    - opens a page with Pagefind's default UI, fills in the query and waits
//      for the results and for the network to be quiet; Pagefind's own JS,
//      wasm and CSS are counted apart from its data (pagefind-entry.json,
//      the pf_meta, index chunks; and the fragments of the 5 results the
//      default UI shows, each an episode's whole text);
//    and a word typed one letter at a time into each.
//    Bytes are response bodies as transferred (after the server's gzip),
//    from Chromium's network log (`request.sizes()`), headers not counted.
// 6. prints markdown tables and writes target/bench-archive/N/results.json;
//    at the end, how each figure grows and what it predicts for 10,000
//    episodes (see `growth`).
import { chromium } from 'playwright-core';
import { execFileSync, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, extname, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { CHROMIUM_ARGS } from '../../tests/browser/harness.mjs';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'target/release/verbatim');
const pagefindBin = join(root, 'node_modules/.bin/pagefind');
for (const need of [cli, pagefindBin, join(root, 'target/verbatim/bundle/site/verbatim_bg.wasm')]) {
  if (!existsSync(need)) throw new Error(`${need} is missing: see the header of this file`);
}
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (sizes.length === 0 && !process.argv.includes('--growth')) sizes.push(100, 300, 1000);

// Builds timed per size (the machine is shared: the median of three).
const RUNS = 3;

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;

/** Runs `prepare()` then a command under /usr/bin/time -v, RUNS times: the median wall time, the largest peak RSS. */
function timedRuns(prepare, cmd, args) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    prepare();
    runs.push(timed(cmd, args));
  }
  const median = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(RUNS / 2)];
  return { ...median, rss: Math.max(...runs.map((r) => r.rss)), all: runs.map((r) => r.seconds) };
}

/** Runs a command under /usr/bin/time -v: wall seconds, peak RSS in bytes, stdout+stderr. */
function timed(cmd, args) {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const wall = r.stderr.match(/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/);
  const rss = r.stderr.match(/Maximum resident set size \(kbytes\): (\d+)/);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { seconds, rss: Number(rss[1]) * 1024, output: r.stdout + r.stderr };
}

/** Every file under dir: [{ path (relative), bytes }]. */
function filesUnder(dir, prefix = '') {
  const out = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...filesUnder(dir, rel));
    else out.push({ path: rel, bytes: statSync(join(dir, rel)).size });
  }
  return out;
}

/** What a Pagefind URL is: its own code, or index data. */
function pagefindPart(path) {
  if (/\.(js|css)$/.test(path) || /wasm\.[^/]*\.pagefind$/.test(path)) return 'code';
  return 'data';
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };
const PAGEFIND_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script></head>
<body><div id="search"></div><script>window.addEventListener('DOMContentLoaded', () => { new PagefindUI({ element: '#search' }); });</script></body></html>`;

/** A static server: /site/ is the site `verbatim archive` wrote, everything else the HTML pages (and Pagefind's bundle). */
async function serve(site, html) {
  const gzipCache = new Map();
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let body;
    let type;
    if (url.pathname === '/pagefind.html') [body, type] = [Buffer.from(PAGEFIND_PAGE), TYPES['.html']];
    else if (url.pathname === '/blank.html') [body, type] = [Buffer.from('<!doctype html><title>blank</title>'), TYPES['.html']];
    else {
      const path = decodeURIComponent(url.pathname);
      if (path.includes('..')) return res.writeHead(400).end();
      const [dir, rest] = path.startsWith('/site/') ? [site, path.slice('/site'.length)] : [html, path];
      const file = join(dir, rest.endsWith('/') ? `${rest}index.html` : rest);
      try {
        body = readFileSync(file);
      } catch {
        return res.writeHead(404).end();
      }
      type = TYPES[extname(file)] ?? 'application/octet-stream';
    }
    const headers = { 'content-type': type, 'cache-control': 'no-cache' };
    if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      const key = url.pathname;
      let gz = gzipCache.get(key);
      if (!gz) gzipCache.set(key, (gz = gzipSync(body, { level: 9 })));
      if (gz.length < body.length) {
        headers['content-encoding'] = 'gzip';
        body = gz;
      }
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers).end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${server.address().port}` };
}

/** Records every finished request of a page: [{ path, transferred, decoded }]. */
function recordNetwork(page) {
  const seen = [];
  const pending = new Set();
  page.on('request', (r) => pending.add(r));
  const done = async (request, failed) => {
    pending.delete(request);
    const url = new URL(request.url());
    if (!url.protocol.startsWith('http')) return;
    if (failed) return seen.push({ path: url.pathname, transferred: 0, decoded: 0, failed: true });
    const sizes = await request.sizes();
    const response = await request.response();
    const decoded = response ? (await response.body().catch(() => Buffer.alloc(0))).length : 0;
    seen.push({ path: url.pathname, transferred: sizes.responseBodySize, decoded });
  };
  page.on('requestfinished', (r) => done(r, false));
  page.on('requestfailed', (r) => done(r, true));
  return {
    seen,
    /** Resolves once no request has been pending for `ms`. */
    async quiet(ms = 800) {
      let since = Date.now();
      while (Date.now() - since < ms) {
        await new Promise((r) => setTimeout(r, 50));
        if (pending.size > 0) since = Date.now();
      }
    },
  };
}

const sum = (rows, key) => rows.reduce((a, r) => a + r[key], 0);

/** Fetches the catalogue files of one query, round by round, in a fresh context. */
async function catalogueInBrowser(browser, base, rounds) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/blank.html`);
  const net = recordNetwork(page);
  for (const round of rounds) {
    await page.evaluate((paths) => Promise.all(paths.map((p) => fetch(`/site/${p}`).then((r) => r.arrayBuffer()))), round);
  }
  await net.quiet(300);
  await context.close();
  const rows = net.seen.filter((r) => r.path.startsWith('/site/catalogue/'));
  return { requests: rows.length, transferred: sum(rows, 'transferred'), decoded: sum(rows, 'decoded') };
}

const ARCHIVE = '[data-verbatim-archive]';

/**
 * The archive page `verbatim archive` wrote, on a fresh page: what it
 * fetches to open (until the newest episodes are listed), then what the
 * query (filled in at once) fetches until its results are shown.
 */
async function widgetInBrowser(browser, base, query) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const net = recordNetwork(page);
  await page.goto(`${base}/site/`);
  await page.waitForSelector(`${ARCHIVE} .vba-listed`, { timeout: 60000 });
  await net.quiet(300);
  const open = [...net.seen];
  net.seen.length = 0;
  await page.fill(`${ARCHIVE} input[type="search"]`, query);
  // The widget waits 150 ms for a next keystroke before it fetches.
  await new Promise((r) => setTimeout(r, 400));
  await net.quiet(800);
  for (let i = 0; i < 600; i++) {
    const busy = await page.getAttribute(`${ARCHIVE} .vba-results`, 'aria-busy').catch(() => 'gone');
    if (busy == null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const total = await page.getAttribute(`${ARCHIVE} [data-match-count]`, 'data-match-count').catch(() => null);
  await context.close();
  const catalogue = (rows) => rows.filter((r) => r.path.startsWith('/site/catalogue/'));
  const code = open.filter((r) => !r.path.startsWith('/site/catalogue/'));
  return {
    total,
    open: { catalogue: sum(catalogue(open), 'transferred'), requests: catalogue(open).length, code: sum(code, 'transferred'), code_files: code.map((r) => r.path) },
    query: { requests: catalogue(net.seen).length, transferred: sum(catalogue(net.seen), 'transferred') },
  };
}

/** Types `keys` into Pagefind's default UI on a fresh page; returns what it fetched. */
async function pagefindInBrowser(browser, base, keys, delay = 0) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const net = recordNetwork(page);
  await page.goto(`${base}/pagefind.html`);
  const input = page.locator('.pagefind-ui__search-input');
  await input.waitFor();
  if (delay > 0) await input.pressSequentially(keys, { delay });
  else await input.fill(keys);
  // Results shown (or "No results"), then nothing more in flight.
  await page.waitForFunction(() => {
    const message = document.querySelector('.pagefind-ui__message');
    return message && /result/i.test(message.textContent) && !/^\s*$/.test(message.textContent);
  }, null, { timeout: 120000 });
  await net.quiet();
  const results = await page.locator('.pagefind-ui__result').count();
  const message = (await page.locator('.pagefind-ui__message').textContent()).trim();
  await context.close();
  const rows = net.seen.filter((r) => r.path.startsWith('/pagefind/'));
  const part = (p) => rows.filter((r) => pagefindPart(r.path) === p);
  const fragments = rows.filter((r) => r.path.includes('/fragment/'));
  const index = part('data').filter((r) => !r.path.includes('/fragment/'));
  return {
    message,
    results,
    data: { requests: part('data').length, transferred: sum(part('data'), 'transferred'), decoded: sum(part('data'), 'decoded') },
    index: { requests: index.length, transferred: sum(index, 'transferred') },
    fragments: { requests: fragments.length, transferred: sum(fragments, 'transferred') },
    code: { requests: part('code').length, transferred: sum(part('code'), 'transferred'), files: part('code').map((r) => r.path) },
  };
}

/**
 * How each figure grows, from the results saved for every size measured so
 * far, and what the two largest sizes predict for 10,000 episodes: a power
 * law v(n) = v(big) × (n / big)^b, with b fitted between the two largest
 * sizes. Per query, the files a page of results needs (text and episode
 * metadata of at most 10 shown episodes; Pagefind's fragments of the 5
 * results shown) are held at their largest-size value, and the rest is
 * extrapolated kind by kind (dictionary shards, postings, manifest;
 * Pagefind's index chunks and meta together).
 */
function growth() {
  const runs = [100, 300, 1000, ...sizes]
    .filter((n, i, all) => all.indexOf(n) === i)
    .sort((a, b) => a - b)
    .map((n) => join(root, `target/bench-archive/${n}/results.json`))
    .filter(existsSync)
    .map((f) => JSON.parse(readFileSync(f, 'utf8')));
  if (runs.length < 2) return;
  const [small, big] = runs.slice(-2);
  const ratio = Math.log(big.episodes / small.episodes);
  const target = 10000;
  const exponent = (a, b) => (a > 0 && b > 0 ? Math.log(b / a) / ratio : 0);
  const predict = (a, b) => b * (target / big.episodes) ** exponent(a, b);
  const cols = runs.map((r) => r.episodes.toLocaleString('en')).join(' | ');
  console.log(`## Growth: ${runs.map((r) => r.episodes).join(', ')} episodes, and ${target.toLocaleString('en')} predicted\n`);
  console.log(`b is fitted between ${small.episodes} and ${big.episodes} episodes: b = ln(v${big.episodes} / v${small.episodes}) / ln(${big.episodes} / ${small.episodes}); prediction = v${big.episodes} × ${target / big.episodes}^b.\n`);
  console.log(`| figure | ${cols} | b | ${target.toLocaleString('en')} predicted |\n|---|${runs.map(() => '---:|').join('')}---:|---|`);
  const row = (name, get, unit = (v) => v.toFixed(1)) => {
    const vs = runs.map(get);
    const [a, b] = vs.slice(-2);
    const e = exponent(a, b);
    console.log(`| ${name} | ${vs.map(unit).join(' | ')} | ${e.toFixed(2)} | ${unit(b)} × ${target / big.episodes}^${e.toFixed(2)} = ${unit(predict(a, b))} |`);
  };
  const int = (v) => Math.round(v).toLocaleString('en');
  row('`verbatim archive` wall time (s)', (r) => r.build.seconds);
  row('`verbatim archive` peak memory (MB)', (r) => r.build.rss / 1e6, int);
  row('catalogue bytes (MB)', (r) => r.build.bytes / 1e6);
  row('catalogue files', (r) => r.build.files, int);
  row('largest catalogue file (KB)', (r) => r.build.largest_bytes / 1000);
  row('dictionary terms', (r) => r.catalogue.terms, int);
  row('archive page open: catalogue bytes (KB, gzip)', (r) => r.open.gzip / 1000);
  row('Pagefind wall time (s)', (r) => r.pagefind.seconds);
  row('Pagefind peak memory (MB)', (r) => r.pagefind.rss / 1e6, int);
  row('Pagefind index bytes (MB)', (r) => r.pagefind.bytes / 1e6);
  row('Pagefind largest index file (KB)', (r) => r.pagefind.largest.bytes / 1000);

  console.log(`\nPer cold query, KB (catalogue: native, each file as stored, gzip; Pagefind: transferred in Chromium). The page's part (catalogue: text, episode and positions files; Pagefind: fragments) is held; each other kind of file grows with its own b:\n`);
  const slashed = runs.map((r) => r.episodes.toLocaleString('en')).join(' / ');
  console.log(`| query | catalogue ${slashed} | catalogue ${target.toLocaleString('en')}: dict + postings + manifest + page's part | Pagefind data ${slashed} | Pagefind ${target.toLocaleString('en')}: index + fragments |`);
  console.log(`|---|---|---|---|---|`);
  const f = (v) => (v / 1000).toFixed(1);
  const term = (a, b) => `${f(b)}×${target / big.episodes}^${exponent(a, b).toFixed(2)}`;
  for (const [i, q] of big.queries.entries()) {
    const at = (r) => r.queries[i];
    const kind = (r, k) => at(r).gzip_by_kind[k] ?? 0;
    const page = (r) => kind(r, 'text') + kind(r, 'episodes') + kind(r, 'positions');
    const growing = ['dict', 'postings', 'manifest'].filter((k) => kind(big, k) > 0);
    const total = growing.reduce((a, k) => a + predict(kind(small, k), kind(big, k)), 0) + page(big);
    const catalogue = `${growing.map((k) => term(kind(small, k), kind(big, k))).join(' + ')} + ${f(page(big))} = **${f(total)}**`;
    const [pa, pb] = [small, big].map((r) => at(r).pagefind.index.transferred);
    const frags = at(big).pagefind.fragments.transferred;
    const pagefind = `${term(pa, pb)} + ${f(frags)} = **${f(predict(pa, pb) + frags)}**`;
    console.log(`| \`${q.query}\` | ${runs.map((r) => f(at(r).gzip)).join(' / ')} | ${catalogue} | ${runs.map((r) => f(at(r).pagefind.data.transferred)).join(' / ')} | ${pagefind} |`);
  }
}

if (process.argv.includes('--growth')) {
  growth();
  process.exit(0);
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
console.log(`# ${new Date().toISOString()} · ${cpus().length} cores (${cpus()[0].model}) · load average ${loadavg()[0].toFixed(2)} at the start\n`);

for (const n of sizes) {
  const work = join(root, `target/bench-archive/${n}`);
  const site = join(work, 'site');
  const html = join(work, 'html');
  console.log(`## ${n} episodes\n`);
  console.log(execFileSync('cargo', ['bench', '--quiet', '--bench', 'archive', '--', 'generate', String(n), work], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim());

  const build = timedRuns(() => rmSync(site, { recursive: true, force: true }), cli, ['archive', join(work, 'show'), '-o', site]);
  const wrote = build.output.match(/catalogue: (\d+) files, (\d+) bytes, largest (\S+) \((\d+) bytes\)/);
  const pf = timedRuns(() => rmSync(join(html, 'pagefind'), { recursive: true, force: true }), pagefindBin, ['--site', html]);
  const pfFiles = filesUnder(join(html, 'pagefind'));
  const pfData = pfFiles.filter((f) => pagefindPart(f.path) === 'data');
  const pfLargest = pfData.reduce((a, f) => (f.bytes > a.bytes ? f : a));
  const pfWords = pf.output.match(/Indexed (\d+) words/)?.[1];

  const json = join(work, 'queries.json');
  const native = execFileSync('cargo', ['bench', '--quiet', '--bench', 'archive', '--', 'queries', site, '--json', json], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const measured = JSON.parse(readFileSync(json, 'utf8'));
  const cat = measured.catalogue;

  console.log(`\nBuild wall times of ${RUNS} runs: \`verbatim archive\` ${build.all.map((t) => t.toFixed(1)).join(', ')} s; Pagefind ${pf.all.map((t) => t.toFixed(1)).join(', ')} s (the median below).`);
  console.log(`\n| build | wall time | peak memory (max RSS) | files | bytes | largest file | terms |\n|---|---:|---:|---:|---:|---|---:|`);
  console.log(`| \`verbatim archive\` (catalogue only in the last 4 columns) | ${build.seconds.toFixed(1)} s | ${mb(build.rss)} | ${wrote[1]} | ${mb(Number(wrote[2]))} | ${wrote[3].replace('catalogue/', '')} ${kb(Number(wrote[4]))} | ${cat.terms} |`);
  console.log(`| Pagefind ${JSON.parse(readFileSync(join(root, 'node_modules/pagefind/package.json'), 'utf8')).version} (index data only in the last 4 columns) | ${pf.seconds.toFixed(1)} s | ${mb(pf.rss)} | ${pfData.length} | ${mb(sum(pfData, 'bytes'))} | ${pfLargest.path} ${kb(pfLargest.bytes)} | ${pfWords} words |`);
  console.log(`\nNative count of the catalogue (each file as stored: gzip):\n\n${native.trim()}\n`);

  const { server, base } = await serve(site, html);
  const rows = [];
  for (const q of measured.queries) {
    const catalogue = await catalogueInBrowser(browser, base, q.rounds);
    const widget = await widgetInBrowser(browser, base, q.query);
    const pagefind = await pagefindInBrowser(browser, base, q.query);
    rows.push({ ...q, browser: catalogue, widget, pagefind });
  }
  const w = rows[0].widget.open;
  console.log(`\nIn Chromium, fresh context per query, server gzip on; bytes as transferred (bodies, headers not counted).`);
  console.log(`Archive page open (before a query): catalogue ${kb(w.catalogue)} in ${w.requests} requests (manifest, the newest episodes' metadata); page, loader, wasm, CSS ${kb(w.code)}.`);
  console.log(`Pagefind's own JS, wasm and CSS (loaded by the first query): ${kb(rows[0].pagefind.code.transferred)} (${rows[0].pagefind.code.files.join(', ')}).\n`);
  console.log('| query | what | catalogue files the search asks for: requests (rounds) | bytes | archive widget: requests after open | bytes | matches (widget / native) | Pagefind: index requests + fragments | index | fragments | data total | Pagefind says | catalogue / Pagefind data |');
  console.log('|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---:|');
  for (const r of rows) {
    const p = r.pagefind;
    console.log(`| \`${r.query}\` | ${r.what} | ${r.browser.requests} (${r.rounds.length}) | ${kb(r.browser.transferred)} | ${r.widget.query.requests} | ${kb(r.widget.query.transferred)} | ${r.widget.total} / ${r.total} | ${p.index.requests} + ${p.fragments.requests} | ${kb(p.index.transferred)} | ${kb(p.fragments.transferred)} | ${kb(p.data.transferred)} | ${p.message} | ${(r.browser.transferred / p.data.transferred).toFixed(2)} |`);
  }

  // A word typed one letter at a time: the catalogue keeps what it loaded
  // (native count, fetched here in one context); Pagefind's UI at 400 ms a
  // letter (its search waits 300 ms after the last keystroke).
  const typed = measured.typed;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/blank.html`);
  const net = recordNetwork(page);
  for (const k of typed.keystrokes) {
    for (const round of k.rounds) {
      await page.evaluate((paths) => Promise.all(paths.map((p) => fetch(`/site/${p}`).then((r) => r.arrayBuffer()))), round);
    }
  }
  await net.quiet(300);
  await context.close();
  const typedCatalogue = sum(net.seen.filter((r) => r.path.startsWith('/site/catalogue/')), 'transferred');
  const typedPagefind = await pagefindInBrowser(browser, base, typed.word, 400);
  console.log(`\n\`${typed.word}\` typed one letter at a time: catalogue ${kb(typedCatalogue)}; Pagefind data ${kb(typedPagefind.data.transferred)} (${typedPagefind.data.requests} requests) + own code ${kb(typedPagefind.code.transferred)}`);
  console.log(`Pagefind's own code files: ${rows[0].pagefind.code.files.join(', ')}\n`);
  server.close();

  writeFileSync(join(work, 'results.json'), JSON.stringify({
    episodes: n,
    build: { seconds: build.seconds, rss: build.rss, files: Number(wrote[1]), bytes: Number(wrote[2]), largest: wrote[3], largest_bytes: Number(wrote[4]) },
    pagefind: { seconds: pf.seconds, rss: pf.rss, files: pfData.length, bytes: sum(pfData, 'bytes'), largest: pfLargest, words: Number(pfWords), code_files: pfFiles.filter((f) => pagefindPart(f.path) === 'code') },
    catalogue: cat,
    open: measured.open,
    queries: rows,
    typed: { word: typed.word, catalogue: typedCatalogue, pagefind: typedPagefind },
  }, null, 2));
}
await browser.close();
growth();

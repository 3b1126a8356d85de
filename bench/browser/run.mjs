// Browser benchmark for the Verbatim widget (run on demand, not in CI):
//   cargo build --release && bash scripts/trunk.sh build --release --offline && node bench/browser/run.mjs
// Loads the built widget in headless Chromium (Debian's /usr/bin/chromium with
// the browser tests' flags) on two pages: the served demo page (dist/index.html,
// which fetches demo.idx beside the wasm) and a 10-hour episode generated from
// the demo (indexed by the CLI, fetched with data-src). Prints markdown tables
// (to paste into BENCHMARKS.md):
// - navigation → usable search (search box and first segment exist): median
//   and p95 (= the max at 5) of 5 fresh pages;
// - keystroke latency, typing each query one character at a time, on
//   ROUNDS fresh pages per episode: "keystroke → results laid out" (the
//   widget's work and a forced layout) and "keystroke → next frame", median
//   and p95 over all keystrokes, the p95 over the first letters of the queries
//   alone, and the five slowest keystrokes with the prefix typed;
// - bytes, raw and gzip -9 (each file on its own): every response the demo
//   page loads (HTML, JS, wasm, CSS, the episode's index), and the 10-hour index;
// - a CPU calibration loop before and after (the machine's speed moves).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join, extname, resolve } from 'node:path';
import { CHROMIUM_ARGS } from '../../tests/browser/harness.mjs';

const root = resolve(import.meta.dirname, '../..');
const dist = join(root, 'dist');
const cli = join(root, 'target/release/verbatim');
for (const need of [join(dist, 'index.html'), join(dist, 'verbatim_bg.wasm'), cli]) {
  if (!existsSync(need)) throw new Error(`${need} is missing: build first (see the header of this file)`);
}
const work = mkdtempSync(join(tmpdir(), 'verbatim-bench-'));

// Each query is typed one character at a time. The last three start with a
// letter that, alone, matches most segments (t, a, i).
const QUERIES = ['hangzhou', 'deep seek', 'open source models', 'chna', '"the chinese government"', 'robots', 'the chinese', 'ai models', 'i think'];
// Fresh pages per episode on which every query is typed (more first letters
// for their p95; each page starts with the searcher's caches empty).
const ROUNDS = 3;

// The demo index, and a 10-hour episode: the demo's segments repeated with
// shifted times until they pass 36,000 s, written as WebVTT with voices.
const quiet = { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 }; // the CLI's "wrote …" lines stay out of the tables
execFileSync(cli, ['index', join(root, 'www/episodes/china-ai-strategy'), '-o', join(work, 'demo.idx')], quiet);
const demo = JSON.parse(execFileSync(cli, ['dump', join(work, 'demo.idx'), '--json'], quiet));
const names = Object.fromEntries(demo.speakers.map((s) => [s.id, s.name]));
const clock = (s) => {
  const ms = Math.round(s * 1000);
  const h = Math.floor(ms / 3600000), m = Math.floor(ms / 60000) % 60, sec = Math.floor(ms / 1000) % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
};
let vtt = 'WEBVTT\n\n';
let offset = 0;
let copies = 0;
while (offset < 36000) {
  for (const s of demo.segments) {
    vtt += `${clock(offset + s.start)} --> ${clock(offset + s.end)}\n<v ${names[s.speaker] ?? 'Unknown'}>${s.text}\n\n`;
  }
  offset += demo.duration;
  copies++;
}
writeFileSync(join(work, 'long.vtt'), vtt);
execFileSync(cli, ['index', join(work, 'long.vtt'), '-o', join(work, 'long.idx')], quiet);

const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.idx': 'application/octet-stream' };
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/long.html') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><link rel="stylesheet" href="/verbatim.css"></head>
<body><div data-verbatim data-src="/long.idx"></div><script type="module">import init from '/verbatim.js'; init({ module_or_path: '/verbatim_bg.wasm' });</script></body></html>`);
    return;
  }
  const file = url.pathname === '/long.idx' ? join(work, 'long.idx') : join(dist, url.pathname === '/' ? 'index.html' : url.pathname);
  try {
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

// Records when the search box and the first segment exist.
const readyProbe = () => {
  const check = () => {
    if (!window.__ready && document.querySelector('[data-verbatim] input[type="search"]') && document.querySelector('[data-segment]')) {
      window.__ready = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
};

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const gzipped = (body) => ({ raw: body.length, gzip: gzipSync(body, { level: 9 }).length });

/**
 * Every http response of one fresh load of `path`, until the widget is
 * usable: [{ path, type, status, raw, gzip, requests }], one row per URL.
 */
async function loadedFiles(path) {
  const page = await browser.newPage();
  const seen = new Map();
  const pending = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (!url.protocol.startsWith('http')) return;
    pending.push((async () => {
      let body;
      let fromDisk = false;
      try {
        body = await response.body();
      } catch {
        // The body may be gone (e.g. a preload the page consumed): the same file from disk.
        body = readFileSync(join(dist, url.pathname === '/' ? 'index.html' : url.pathname));
        fromDisk = true;
      }
      const key = url.pathname + url.search;
      const row = seen.get(key);
      if (row) row.requests++;
      else seen.set(key, { path: key, type: response.request().resourceType(), status: response.status(), ...gzipped(body), requests: 1, fromDisk });
    })());
  });
  await page.goto(base + path);
  await page.waitForSelector('[data-verbatim] [data-segment]');
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  await page.close();
  const order = ['.html', '.js', '.wasm', '.css', '.idx'];
  const rank = (f) => (f.path === '/' ? 0 : (order.indexOf(extname(f.path.split('?')[0])) + 1 || order.length + 1));
  return [...seen.values()].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
}

async function measure(path, label) {
  const loads = [];
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage();
    await page.addInitScript(readyProbe);
    await page.goto(base + path);
    await page.waitForFunction(() => window.__ready);
    loads.push(await page.evaluate(() => window.__ready));
    await page.close();
  }
  const keys = [];
  let segments;
  for (let round = 0; round < ROUNDS; round++) {
    const page = await browser.newPage();
    await page.goto(base + path);
    await page.waitForSelector('[data-segment]');
    // Each keystroke: set the value and fire `input`. Two figures: the time
    // until the widget's work is done and the page is laid out again
    // (macrotask after the microtasks, then a forced layout), and the time
    // until the next frame has been produced (rAF, then a task), which is
    // quantised by the display's frame interval.
    const typed = await page.evaluate(async (queries) => {
      const input = document.querySelector('[data-verbatim] input[type="search"]');
      const channel = new MessageChannel();
      const task = () => new Promise((r) => { channel.port1.onmessage = r; channel.port2.postMessage(0); });
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const out = [];
      for (const q of queries) {
        for (let i = 1; i <= q.length; i++) {
          await frame();
          const t0 = performance.now();
          input.value = q.slice(0, i);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          await task();
          document.documentElement.getBoundingClientRect();
          const work = performance.now() - t0;
          await frame();
          const painted = performance.now() - t0;
          const matches = document.querySelector('[data-verbatim] [data-match-count]')?.getAttribute('data-match-count');
          out.push({ query: q, prefix: q.slice(0, i), first: i === 1, work, painted, matches });
        }
        input.value = '';
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await frame();
      }
      return out;
    }, QUERIES);
    keys.push(...typed.map((k) => ({ ...k, round: round + 1 })));
    segments = await page.locator('[data-segment]').count();
    await page.close();
  }
  const firsts = keys.filter((k) => k.first);
  return {
    label,
    load_median: percentile(loads, 50),
    load_p95: percentile(loads, 95),
    keystrokes: keys.length,
    work_median: percentile(keys.map((k) => k.work), 50),
    work_p95: percentile(keys.map((k) => k.work), 95),
    painted_median: percentile(keys.map((k) => k.painted), 50),
    painted_p95: percentile(keys.map((k) => k.painted), 95),
    firsts: firsts.length,
    first_work_p95: percentile(firsts.map((k) => k.work), 95),
    first_painted_p95: percentile(firsts.map((k) => k.painted), 95),
    slowest: [...keys].sort((a, b) => b.work - a.work).slice(0, 5),
    firstTimes: firsts.map((k) => `${k.prefix}@${k.round}: ${k.work.toFixed(1)}`),
    rendered_segments: segments,
  };
}

// The same fixed loop before and after the runs: on a shared machine the
// CPU this process gets can change by 2x within minutes, and the figures
// with it. Printed beside them, so two runs can be compared honestly.
const calibrate = () => {
  const t0 = performance.now();
  let x = 0;
  for (let i = 0; i < 3e8; i++) x += i % 7;
  const ms = Math.round(performance.now() - t0);
  return x === -1 ? 'never' : `${ms} ms`; // reads x, so the loop is not optimised away
};
const calibrationBefore = calibrate();
const demoFiles = await loadedFiles('/');
const results = [
  await measure('/', 'demo page (index fetched beside the wasm)'),
  await measure('/long.html', `10-hour episode (${copies} copies of the demo, fetched index)`),
];
const calibrationAfter = calibrate();
await browser.close();
server.close();

const ms = (x) => x.toFixed(1);
const code = (s) => '`' + s.replace(/`/g, "'") + '`';
console.log(`# Browser benchmark (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${cpus()[0].model}, load average ${loadavg()[0].toFixed(2)}, Chromium headless)`);
console.log(`\nCPU calibration (a fixed 3e8-step loop in Node; lower is faster): ${calibrationBefore} before the runs, ${calibrationAfter} after.`);
console.log(`\nKeystrokes: ${QUERIES.map((q) => code(q)).join(', ')}, typed one character at a time on ${ROUNDS} fresh pages per episode.`);

console.log('\n| page | navigation → usable search: median / p95 (= max) of 5 | keystroke → results laid out: median / p95 | keystroke → next frame: median / p95 | first letters only, p95: laid out / next frame | keystrokes (first letters) | segments rendered |');
console.log('|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.label} | ${r.load_median.toFixed(0)} / ${r.load_p95.toFixed(0)} ms | ${ms(r.work_median)} / ${ms(r.work_p95)} ms | ${ms(r.painted_median)} / ${ms(r.painted_p95)} ms | ${ms(r.first_work_p95)} / ${ms(r.first_painted_p95)} ms | ${r.keystrokes} (${r.firsts}) | ${r.rendered_segments} |`);
}

console.log('\nFirst letters, "results laid out" in ms (letter@round), in the order typed:');
for (const r of results) console.log(`- ${r.label}: ${r.firstTimes.join(', ')}`);

console.log('\nThe five slowest keystrokes (by "results laid out") on each page:');
console.log('\n| page | typed so far | of the query | round | results laid out | next frame | matching segments |');
console.log('|---|---|---|---|---|---|---|');
for (const r of results) {
  for (const k of r.slowest) {
    console.log(`| ${r.label} | ${code(k.prefix)} | ${code(k.query)} | ${k.round} | ${ms(k.work)} ms | ${ms(k.painted)} ms | ${k.matches ?? '?'} |`);
  }
}

const kind = (f) => {
  const ext = extname(f.path.split('?')[0]);
  return { '.html': 'HTML', '.js': 'JS', '.wasm': 'wasm', '.css': 'CSS', '.idx': "episode's index" }[ext] ?? (f.path === '/' ? 'HTML' : f.type);
};
console.log('\n| bytes | raw | gzip -9 |\n|---|---|---|');
const total = { raw: 0, gzip: 0 };
for (const f of demoFiles) {
  const extra = [
    f.status !== 200 ? `HTTP ${f.status}` : null,
    f.requests > 1 ? `requested ${f.requests}×, counted once` : null,
    f.fromDisk ? 'size from dist/, the response body was not readable' : null,
  ].filter(Boolean);
  console.log(`| demo page: ${code(f.path)} (${kind(f)})${extra.length ? ` (${extra.join(', ')})` : ''} | ${f.raw} | ${f.gzip} |`);
  total.raw += f.raw;
  total.gzip += f.gzip;
}
console.log(`| **whole demo page (${demoFiles.length} files, each gzipped on its own)** | **${total.raw}** | **${total.gzip}** |`);
const long = gzipped(readFileSync(join(work, 'long.idx')));
console.log(`| 10-hour index (fetched) | ${long.raw} | ${long.gzip} |`);

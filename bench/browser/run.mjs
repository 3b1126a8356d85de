// Browser benchmark for the Verbatim widget (run on demand, not in CI):
//   cargo build --release && trunk build --release --offline && node bench/browser/run.mjs
// Reports, for the demo episode and a 10-hour episode generated from it:
// time from navigation to a usable search box, keystroke-to-painted-results
// latency (median, p95), and the bytes of wasm, JS, CSS and index (raw, gzip).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync, statSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir, cpus } from 'node:os';
import { join, extname, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const dist = join(root, 'dist');
const cli = join(root, 'target/release/verbatim');
for (const need of [join(dist, 'verbatim_bg.wasm'), cli]) {
  if (!existsSync(need)) throw new Error(`${need} is missing: build first (see the header of this file)`);
}
const work = mkdtempSync(join(tmpdir(), 'verbatim-bench-'));

// The demo index, and a 10-hour episode: the demo's segments repeated with
// shifted times until they pass 36,000 s, written as WebVTT with voices.
execFileSync(cli, ['index', join(root, 'www/episodes/china-ai-strategy'), '-o', join(work, 'demo.idx')]);
const demo = JSON.parse(execFileSync(cli, ['dump', join(work, 'demo.idx'), '--json'], { maxBuffer: 1 << 28 }));
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
execFileSync(cli, ['index', join(work, 'long.vtt'), '-o', join(work, 'long.idx')]);

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

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

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
  const page = await browser.newPage();
  await page.goto(base + path);
  await page.waitForSelector('[data-segment]');
  // Each keystroke: set the value and fire `input`. Two figures: the time
  // until the widget's work is done and the page is laid out again
  // (macrotask after the microtasks, then a forced layout), and the time
  // until the next frame has been produced (rAF, then a task), which is
  // quantised by the display's frame interval.
  const latencies = await page.evaluate(async (queries) => {
    const input = document.querySelector('[data-verbatim] input[type="search"]');
    const channel = new MessageChannel();
    const task = () => new Promise((r) => { channel.port1.onmessage = r; channel.port2.postMessage(0); });
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const work = [], painted = [];
    for (const q of queries) {
      for (let i = 1; i <= q.length; i++) {
        await frame();
        const t0 = performance.now();
        input.value = q.slice(0, i);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await task();
        document.documentElement.getBoundingClientRect();
        work.push(performance.now() - t0);
        await frame();
        painted.push(performance.now() - t0);
      }
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await frame();
    }
    return { work, painted };
  }, ['hangzhou', 'deep seek', 'open source models', 'chna', '"the chinese government"', 'robots']);
  const segments = await page.locator('[data-segment]').count();
  await page.close();
  return { label, load_ms_median: percentile(loads, 50), keystrokes: latencies.work.length, work_median: percentile(latencies.work, 50), work_p95: percentile(latencies.work, 95), painted_median: percentile(latencies.painted, 50), painted_p95: percentile(latencies.painted, 95), rendered_segments: segments };
}

const results = [await measure('/', 'demo (embedded index)'), await measure('/long.html', `10-hour episode (${copies} copies of the demo, fetched index)`)];
await browser.close();
server.close();

const size = (file) => {
  const body = readFileSync(file);
  return { raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
};
const cssFiles = ['verbatim.css'].map((f) => join(dist, f));
const bytes = {
  'wasm (includes the demo index)': size(join(dist, 'verbatim_bg.wasm')),
  'js glue': size(join(dist, 'verbatim.js')),
  'css (widget)': size(cssFiles[0]),
  'demo index (inside the wasm)': size(join(work, 'demo.idx')),
  '10-hour index (fetched)': size(join(work, 'long.idx')),
};
const widget = ['wasm (includes the demo index)', 'js glue', 'css (widget)'].reduce((a, k) => ({ raw: a.raw + bytes[k].raw, gzip: a.gzip + bytes[k].gzip }), { raw: 0, gzip: 0 });
bytes['whole demo widget (wasm + js + css)'] = widget;

console.log(`# Browser benchmark (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${cpus()[0].model}, Chromium headless)`);
console.log('\n| page | navigation → usable search (median of 5) | keystroke → results laid out: median / p95 | keystroke → next frame: median / p95 | keystrokes | segments rendered |');
console.log('|---|---|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.label} | ${r.load_ms_median.toFixed(0)} ms | ${r.work_median.toFixed(1)} / ${r.work_p95.toFixed(1)} ms | ${r.painted_median.toFixed(1)} / ${r.painted_p95.toFixed(1)} ms | ${r.keystrokes} | ${r.rendered_segments} |`);
}
console.log('\n| bytes | raw | gzip -9 |\n|---|---|---|');
for (const [k, v] of Object.entries(bytes)) console.log(`| ${k} | ${v.raw} | ${v.gzip} |`);

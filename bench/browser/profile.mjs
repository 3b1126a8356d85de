// Where a keystroke's time goes (run on demand, not in CI): on N fresh
// pages of a build's demo page, Chromium's sampling profiler (CDP, 50 µs)
// runs while one query is typed at once and the next frame comes; prints
// each keystroke's work (the input handler and its effects, then a forced
// layout) and the functions with the most self time, per page. For wasm
// function names, profile a build that keeps them:
//   wasm-bindgen --target web --keep-debug --out-dir /tmp/named target/wasm32-unknown-unknown/wasm-release/verbatim.wasm
//   cp -r dist /tmp/pdist && cp /tmp/named/verbatim.js /tmp/pdist/ &&
//   wasm-opt -Os --converge -g /tmp/named/verbatim_bg.wasm -o /tmp/pdist/verbatim_bg.wasm
//   node bench/browser/profile.mjs /tmp/pdist h 8
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { CHROMIUM_ARGS } from '../../tests/browser/harness.mjs';

const [dist, query = 'h', pages = '8'] = process.argv.slice(2);
if (!dist) throw new Error('usage: node bench/browser/profile.mjs <dist> [query] [pages]');
const N = Number(pages);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  const file = join(dist, path === '/' ? 'index.html' : path);
  let body;
  try { body = readFileSync(file); } catch { return res.writeHead(404).end(); }
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const self = new Map();
const works = [];
for (let i = 0; i < N; i++) {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForSelector('[data-segment]');
  await page.waitForTimeout(300);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  works.push(await page.evaluate(async (q) => {
    const input = document.querySelector('[data-verbatim] input[type="search"]');
    const t0 = performance.now();
    input.value = q;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
    document.documentElement.getBoundingClientRect();
    const work = performance.now() - t0;
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return work;
  }, query));
  const { profile } = await cdp.send('Profiler.stop');
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, k) => {
    const frame = nodes.get(id).callFrame;
    const name = frame.functionName || '(anonymous)';
    if (name === '(idle)' || name === '(program)') return;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[k + 1] ?? 0) / 1000);
  });
  await page.close();
}
console.log(`keystroke work, ms: ${works.map((w) => w.toFixed(1)).join(' ')}`);
for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`${(ms / N).toFixed(2).padStart(7)} ms  ${name.slice(0, 140)}`);
}
await browser.close();
server.close();

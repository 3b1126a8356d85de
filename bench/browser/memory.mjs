// The widget's wasm memory with one index, for each build given (run on
// demand, not in CI): each build's page shows INDEX (fetched with
// data-src), then the same queries are typed a letter at a time, ROUNDS
// times. Prints the memory after loading and after each round (wasm
// memory only grows, so this is its peak) and each round's time, which
// would grow if the allocator's work did.
//   INDEX=/tmp/long.idx node bench/browser/memory.mjs <dist A> [<dist B> …]
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { CHROMIUM_ARGS } from '../../tests/browser/harness.mjs';

const dists = process.argv.slice(2);
const index = process.env.INDEX;
if (!dists.length || !index) throw new Error('usage: INDEX=<file.idx> node bench/browser/memory.mjs <dist> [<dist> …]');
const ROUNDS = Number(process.env.ROUNDS) || 5;
const QUERIES = ['h', 'ha', 'han', 'hang', '', 't', 'th', 'the', '', 'a', 'ai', 'ai m', 'ai mo', '', 'i', 'i t', 'i th', ''];
// The module's memory, caught as the glue instantiates it.
const page = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><link rel="stylesheet" href="/verbatim.css"></head>
<body><div data-verbatim data-src="/episode.idx"></div><script type="module">
for (const name of ['instantiate', 'instantiateStreaming']) {
  const original = WebAssembly[name];
  WebAssembly[name] = async (...args) => { const r = await original(...args); window.__memory = (r.instance ?? r).exports.memory; return r; };
}
const { default: init } = await import('/verbatim.js');
init({ module_or_path: '/verbatim_bg.wasm' });</script></body></html>`;
const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
for (const dist of dists) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    const file = path === '/episode.idx' ? index : join(dist, path);
    let body;
    try { body = readFileSync(file); } catch { return res.writeHead(404).end(); }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  await tab.waitForSelector('[data-segment]');
  const { sizes, times } = await tab.evaluate(async ({ queries, rounds }) => {
    const mb = () => (window.__memory.buffer.byteLength / 1048576).toFixed(1);
    const input = document.querySelector('[data-verbatim] input[type="search"]');
    const sizes = [mb()];
    const times = [];
    for (let round = 0; round < rounds; round++) {
      const t0 = performance.now();
      for (const q of queries) {
        input.value = q;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      }
      times.push(Math.round(performance.now() - t0));
      sizes.push(mb());
    }
    return { sizes, times };
  }, { queries: QUERIES, rounds: ROUNDS });
  console.log(`${dist}: memory ${sizes.join(' → ')} MB | round ms ${times.join(' ')}`);
  await tab.close();
  server.close();
}
await browser.close();

// A/B of two builds of the demo page on the same machine at the same time
// (run on demand, not in CI). This machine's speed moves by 2x within
// minutes, so two runs of bench/browser/run.mjs made apart cannot compare
// builds; this loads each build's dist/ on its own local server and
// alternates fresh pages between them, N each. Per build it prints the
// median navigation → usable search (search box and first row exist), the
// keystroke → results laid out median and p95 over a few queries typed a
// letter at a time (as run.mjs measures them), the first letters' p95
// (laid out / next frame) and each page's first `h`.
//   node bench/browser/ab.mjs <dist A> <dist B> [pages per build]
// For example, the build of an older commit:
//   git worktree add /tmp/old <commit> && cd /tmp/old && ln -s "$OLDPWD/node_modules" &&
//   CARGO_TARGET_DIR="$OLDPWD/target" bash scripts/trunk.sh build --release --offline
//   node bench/browser/ab.mjs /tmp/old/dist dist 12
// With AB_INDEX=<file.idx>, each build's page shows that index (fetched
// with data-src) instead of the demo: for example the 10-hour episode that
// run.mjs generates, to compare what a build does with a long episode.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { CHROMIUM_ARGS } from '../../tests/browser/harness.mjs';
const dists = process.argv.slice(2, 4);
if (dists.length < 2) throw new Error('usage: node bench/browser/ab.mjs <dist A> <dist B> [pages per build, default 10]');
const N = +process.argv[4] || 10;
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.idx': 'application/octet-stream' };
const episode = process.env.AB_INDEX;
const episodePage = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><link rel="stylesheet" href="/verbatim.css"></head>
<body><div data-verbatim data-src="/episode.idx"></div><script type="module">import init from '/verbatim.js'; init({ module_or_path: '/verbatim_bg.wasm' });</script></body></html>`;
const bases = [];
for (const dist of dists) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (episode && url.pathname === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(episodePage);
    const file = episode && url.pathname === '/episode.idx' ? episode : join(dist, url.pathname === '/' ? 'index.html' : url.pathname);
    try { const body = readFileSync(file); res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }); res.end(body); }
    catch { res.writeHead(404).end(); }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  bases.push(`http://127.0.0.1:${server.address().port}`);
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const res = [[], []]; const nav = [[], []];
const probe = () => { new MutationObserver(() => { if (!window.__ready && document.querySelector('[data-verbatim] input[type="search"]') && document.querySelector('[data-segment]')) window.__ready = performance.now(); }).observe(document, { childList: true, subtree: true }); };
for (let i = 0; i < N; i++) for (const k of [0, 1]) {
  const page = await browser.newPage();
  await page.addInitScript(probe);
  await page.goto(bases[k] + '/');
  await page.waitForSelector('[data-segment]');
  nav[k].push(await page.evaluate(() => window.__ready));
  res[k].push(...await page.evaluate(async () => {
    const input = document.querySelector('[data-verbatim] input[type="search"]');
    const channel = new MessageChannel();
    const task = () => new Promise((r) => { channel.port1.onmessage = r; channel.port2.postMessage(0); });
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const out = [];
    for (const q of ['h', 'ha', 'han', '', 'd', 'de', '', 't', 'th', '', 'a', '', 'i']) {
      await frame();
      const t0 = performance.now();
      input.value = q; input.dispatchEvent(new Event('input', { bubbles: true }));
      await task();
      document.documentElement.getBoundingClientRect();
      const work = performance.now() - t0;
      await frame();
      if (q) out.push({ q, first: q.length === 1, work, painted: performance.now() - t0 });
    }
    return out;
  }));
  await page.close();
}
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p / 100 * s.length))].toFixed(1); };
for (const k of [0, 1]) {
  const all = res[k]; const f = all.filter((x) => x.first);
  console.log(dists[k], 'nav median', pct(nav[k], 50), '| all work p50/p95', pct(all.map((x) => x.work), 50), pct(all.map((x) => x.work), 95), '| first p95 work/painted', pct(f.map((x) => x.work), 95), pct(f.map((x) => x.painted), 95), '| h work', f.filter((x) => x.q === 'h').map((x) => x.work.toFixed(0)).join(','));
}
await browser.close(); process.exit(0);

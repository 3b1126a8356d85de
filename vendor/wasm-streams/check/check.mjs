// Runs the vendored wasm-streams' three rewritten adapters in Chromium and
// checks what crosses them (../VENDORED.md). Usage: bash check.sh (builds
// the wasm first; the argument is wasm-bindgen's output folder). Exits
// non-zero on any difference.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const pkg = process.argv[2];
if (!pkg) throw new Error('usage: node check.mjs <wasm-bindgen output folder>');
const page = `<!doctype html><meta charset="utf-8"><script type="module">
import init, * as wasm from './check.js';
await init();
const read = async (stream) => { const out = []; const reader = stream.getReader();
  for (;;) { const { done, value } = await reader.read(); if (done) return out; out.push(value); } };
const results = {};
results.words = await read(wasm.words());
results.wordsLog = wasm.take_log();
{ const reader = wasm.words().getReader(); results.first = (await reader.read()).value;
  await reader.cancel('enough'); results.cancelLog = wasm.take_log(); }
{ const chunks = await read(wasm.bytes(10000, 1024));
  results.byteChunks = chunks.map((c) => c.length);
  const all = chunks.flatMap((c) => [...c]);
  results.bytesRight = all.length === 10000 && all.every((b, i) => b === i % 251); }
{ const reader = wasm.bytes(5000, 1024).getReader({ mode: 'byob' }); let got = []; 
  for (;;) { const { done, value } = await reader.read(new Uint8Array(700)); if (done) break; got.push(...value); }
  results.byobRight = got.length === 5000 && got.every((b, i) => b === i % 251); }
{ const writer = wasm.collector().getWriter(); await writer.write('a'); await writer.write('b'); await writer.close();
  await new Promise((r) => setTimeout(r, 50)); results.closeLog = wasm.take_log(); }
{ const writer = wasm.collector().getWriter(); await writer.write('x'); await writer.abort('stop');
  await new Promise((r) => setTimeout(r, 50)); results.abortLog = wasm.take_log(); }
window.results = results;
</script>`;
const types = { js: 'text/javascript', wasm: 'application/wasm' };
const server = createServer((req, res) => {
  if (req.url === '/') return res.end(page);
  const name = req.url.slice(1);
  try {
    res.setHeader('content-type', types[name.split('.').pop()] ?? 'application/octet-stream');
    res.end(readFileSync(join(pkg, name)));
  } catch {
    res.statusCode = 404;
    res.end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
try {
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (error) => errors.push(String(error)));
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  const results = await tab.waitForFunction(() => window.results, null, { timeout: 20000 }).then((h) => h.jsonValue());
  assert.deepEqual(errors, []);
  assert.deepEqual(results.words, ['one', 'two', 'three']);
  assert.deepEqual(results.wordsLog, ['dropped words']);
  assert.equal(results.first, 'one');
  assert.deepEqual(results.cancelLog, ['dropped words']);
  assert.ok(results.byteChunks.every((n) => n > 0 && n <= 1024), `chunks of ${results.byteChunks}`);
  assert.ok(results.bytesRight, 'the default reader reads every byte in order');
  assert.ok(results.byobRight, 'a BYOB reader reads every byte in order');
  assert.deepEqual(results.closeLog, ['received a', 'received b', 'channel ended']);
  assert.deepEqual(results.abortLog, ['received x', 'channel ended']);
  console.log('wasm-streams check: from_stream, from_async_read and from_sink pass data, end and cancel as they should');
} finally {
  await browser.close();
  server.close();
}

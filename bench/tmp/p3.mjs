import { startServer, CHROMIUM_ARGS } from '/work/main/tests/browser/harness.mjs';
import { chromium } from 'playwright-core';
const server = await startServer();
for (const flags of [[], ['--js-flags=--no-wasm-lazy-compilation'], ['--js-flags=--no-liftoff'], ['--js-flags=--wasm-lazy-compilation --no-wasm-tier-up']]) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...flags] });
  const out = [];
  for (let run = 0; run < 6; run++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(server.origin + '/');
    await page.waitForSelector('[data-verbatim] [data-segment]');
    await page.waitForTimeout(200);
    const m = await page.evaluate(() => [window.__mark_m0, window.__mark_m3, window.__mark_m4]);
    out.push(`${Math.round(m[0])}/${Math.round(m[2] - m[1])}`);
    await ctx.close();
  }
  console.log(flags.join(' ') || 'default', 'm0/mount:', out.join(' '));
  await browser.close();
}
await server.close();

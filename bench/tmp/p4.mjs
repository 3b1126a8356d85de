import { startServer, launchBrowser } from '/work/main/tests/browser/harness.mjs';
const server = await startServer();
const browser = await launchBrowser();
for (let run = 0; run < 4; run++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const reqs = [];
  page.on('request', (r) => reqs.push(r.url().split('/').pop()));
  const msgs = [];
  page.on('console', (m) => msgs.push(m.text()));
  await page.goto(server.origin + '/');
  await page.waitForSelector('[data-verbatim] [data-segment]');
  await page.waitForTimeout(1500);
  const r = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => `${e.name.split('/').pop()}:${Math.round(e.startTime)}-${Math.round(e.responseEnd)}`));
  console.log(reqs.join(','), '|', r.join(' '), '|', (await page.evaluate(() => window.__marks)).join(' '), msgs.join(' / '));
  await ctx.close();
}
await browser.close(); await server.close();

// The script embed under `script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`
// (www/demo/csp.html): the widget starts, searches and lays out its timeline
// with no Content Security Policy violation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, poll, assertNoErrors } from './harness.mjs';

const ctx = suite();

test('the script embed runs under a strict CSP without a violation', async () => {
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`));
  });
  await page.goto(ctx.origin + '/demo/csp.html');
  const search = page.locator('[data-verbatim] input[type="search"]');
  await search.waitFor();
  await search.fill('hangzhou');
  const count = await poll(() => page.locator('[data-verbatim] [data-match-count]').getAttribute('data-match-count'), (c) => Number(c) > 0, { message: 'matches' });
  assert.ok(Number(count) > 0);
  // Positions set as style properties survive the policy (attributes would not).
  const left = await page.locator('[data-verbatim] .vb-tick').first().evaluate((el) => el.style.left);
  assert.match(left, /%$/);
  const bar = await page.locator('[data-verbatim] .vb-share-bar > span').first().evaluate((el) => getComputedStyle(el).width);
  assert.notEqual(bar, '0px');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assertNoErrors(page, 'strict CSP page');
});

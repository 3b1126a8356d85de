// Screenshots of the demo for looking at, not a test (run on demand):
//   node tests/browser/screenshots.mjs
// Writes tests/browser/output/*.png (git-ignored): the demo at 1280 and 375 px
// wide, light and dark; idle, then with a search (`china`) and a speaker
// filter (grace-shao) active, at the top and at the first match.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser, openWidget, trackErrors, waitForCurrent, cliSearch, cli, SEARCH } from './harness.mjs';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'output');
mkdirSync(OUT, { recursive: true });

const server = await startServer();
const browser = await launchBrowser();
const written = [];
try {
  const index = path.join(server.fixtures, 'demo.idx');
  cli('index', path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'www', 'episodes', 'china-ai-strategy'), '-o', index);
  const hits = cliSearch(index, 'china', ['grace-shao']).hits;
  for (const width of [1280, 375]) {
    for (const colorScheme of ['light', 'dark']) {
      const context = await browser.newContext({
        viewport: { width, height: width > 800 ? 900 : 812 },
        deviceScaleFactor: width > 800 ? 1 : 2,
        isMobile: width < 800,
        hasTouch: width < 800,
        colorScheme,
        reducedMotion: 'reduce', // instant scrolling, so the shot shows where the jump lands
      });
      const page = trackErrors(await context.newPage());
      await openWidget(page, server.origin + '/');
      const shot = async (name) => {
        const file = path.join(OUT, `demo-${width}-${colorScheme}-${name}.png`);
        await page.screenshot({ path: file });
        written.push(path.relative(process.cwd(), file));
      };
      await shot('idle');
      await page.fill(SEARCH, 'china');
      await page.click('[data-verbatim] button[data-speaker-filter="grace-shao"]');
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(200);
      await shot('search-top');
      await page.focus(SEARCH);
      await page.keyboard.press('Enter');
      await waitForCurrent(page, hits[0].segment);
      await page.waitForTimeout(300);
      await shot('search-match');
      await page.fill(SEARCH, 'xqzvbnkw');
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(200);
      await shot('no-matches');
      if (page.pageErrors.length || page.consoleErrors.length) {
        console.error(`errors at ${width}/${colorScheme}:`, page.pageErrors, page.consoleErrors);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(written.join('\n'));

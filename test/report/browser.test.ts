// Opens a written report in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core; playwright's own browser download does not work offline) and checks that every
// chart drew in the live page with no console error, keeping a screenshot for a human to look at.
// Output goes to reports/browser-test/ (git-ignored) so CI can keep it as an artifact.
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../../sim/report/index.js';
import { writeFixture } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const OUT = resolve('reports/browser-test');
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  console.warn(`browser test skipped: ${CHROMIUM} is absent (apt-get install chromium; CI installs it)`);
}

describe.skipIf(!hasChromium)('report in headless Chromium', () => {
  it('draws every chart with marks and logs no error', async () => {
    const { chromium } = await import('playwright-core');
    rmSync(OUT, { recursive: true, force: true });
    const { indexHtml } = await writeReport(writeFixture({ scenario: 'browser-fixture' }), OUT);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      // Flags from the stack notes: no sandbox in containers, and nothing that phones home.
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1250, height: 900 } });
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      // Any request that is not the file itself would mean the page is not self-contained.
      const requests: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) requests.push(request.url());
      });

      await page.goto(pathToFileURL(indexHtml).href);
      // vega-embed marks each figure live once its view has rendered.
      // (A string, because the test is type-checked without the DOM library.)
      await page.waitForFunction("[...document.querySelectorAll('figure.chart')].every((f) => f.classList.contains('live'))", undefined, { timeout: 30_000 });

      const marksPerChart = await page.$$eval('figure.chart', (figures) =>
        figures.map((figure) => ({
          id: figure.id,
          marks: figure.querySelectorAll('.interactive svg g.role-mark > path, .interactive svg g.role-mark > rect, .interactive svg g.role-mark > line').length,
        })),
      );
      await page.screenshot({ path: join(OUT, 'screenshot.png'), fullPage: true });

      expect(marksPerChart.map((chart) => chart.id)).toEqual(['sweep', 'distributions', 'series']);
      for (const chart of marksPerChart) expect(chart.marks, `chart ${chart.id} drew no marks`).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      expect(existsSync(join(OUT, 'screenshot.png'))).toBe(true);
    } finally {
      await browser.close();
    }
  });
});

// Opens written reports in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core; playwright's own browser download does not work offline) and checks that every
// chart drew in the live page, with no console error and no network request, keeping a screenshot
// for a human to look at. Output goes to reports/browser-test/ (git-ignored) for CI to keep.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { compareResultDirectories, writeComparisonReport, writeReport } from '../../sim/report/index.js';
import { writeFixture } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const OUT = resolve('reports/browser-test');
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  console.warn(`browser test skipped: ${CHROMIUM} is absent (apt-get install chromium; CI installs it)`);
}

interface PageCheck {
  readonly charts: { id: string; marks: number }[];
  readonly errors: string[];
  readonly requests: string[];
}

describe.skipIf(!hasChromium)('reports in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    rmSync(OUT, { recursive: true, force: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // Flags from the stack notes: no sandbox in containers, and nothing that phones home.
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function openReport(indexHtml: string, screenshot: string): Promise<PageCheck> {
    const page = await browser.newPage({ viewport: { width: 1250, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    // Anything but the file itself (and inline data) would mean the page is not self-contained.
    page.on('request', (request) => {
      if (!/^(file|data|blob):/.test(request.url())) requests.push(request.url());
    });
    await page.goto(pathToFileURL(indexHtml).href);
    // vega-embed marks each figure live once its view has rendered. (A string expression, because
    // the tests are type-checked without the DOM library.)
    await page.waitForFunction("[...document.querySelectorAll('figure.chart')].every((f) => f.classList.contains('live'))", undefined, { timeout: 30_000 });
    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((figure) => ({
        id: figure.id,
        marks: figure.querySelectorAll('.interactive svg g.role-mark > path, .interactive svg g.role-mark > rect, .interactive svg g.role-mark > line').length,
      })),
    );
    await page.screenshot({ path: join(OUT, screenshot), fullPage: true });
    await page.close();
    return { charts, errors, requests };
  }

  it('draws every chart of a sweep report', async () => {
    const { indexHtml } = await writeReport(writeFixture({ scenario: 'browser-fixture' }), join(OUT, 'sweep'));
    const page = await openReport(indexHtml, 'sweep.png');
    expect(page.charts.map((chart) => chart.id)).toEqual(['sweep', 'distributions', 'series']);
    for (const chart of page.charts) expect(chart.marks, `chart ${chart.id} drew no marks`).toBeGreaterThan(0);
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([]);
    expect(existsSync(join(OUT, 'sweep.png'))).toBe(true);
  });

  it('draws every chart of a comparison report', async () => {
    const root = mkdtempSync(join(tmpdir(), 'depin-browser-'));
    const baseline = writeFixture({ scenario: 'baseline' }, root);
    const proposal = writeFixture({ scenario: 'proposal', shift: { throughput: 1, latency: -0.1 }, compare: { latency: { better: 'lower', threshold: 0 } } }, root);
    const { indexHtml } = await writeComparisonReport(compareResultDirectories(baseline, proposal), join(OUT, 'compare'));
    const page = await openReport(indexHtml, 'compare.png');
    expect(page.charts.map((chart) => chart.id)).toEqual(['difference', 'arms']);
    for (const chart of page.charts) expect(chart.marks, `chart ${chart.id} drew no marks`).toBeGreaterThan(0);
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([]);
  });
});

// Opens written reports in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core; playwright's own browser download does not work offline) and looks at them as a
// reader would: every chart drew in the live page, with no console error and no network request;
// the verdict comes first; the headline chart's axis labels lie inside the chart, uncut; no interval
// leaves its metric's domain. The three studies are swept small (12 simulated hours, 2 seeds, fewer
// providers and stakers: about 35 CPU seconds in all) and a comparison of the shipped proposal is
// made on 5 seeds; screenshots of their first screen go to reports/screenshots/ (git-ignored) for
// CI to keep and a person to look at.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { compareResultDirectories, writeComparisonReport, writeReport } from '../../sim/report/index.js';
import { ensureBuilt } from '../runner/build.js';
import { cli } from '../runner/spawnCli.js';
import { writeFixture } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const OUT = resolve('reports/browser-test');
const SCREENSHOTS = resolve('reports/screenshots');
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  console.warn(`browser test skipped: ${CHROMIUM} is absent (apt-get install chromium; CI installs it)`);
}

/** Small enough to sweep in seconds, large enough that jobs start, finish and queue. */
const SMALL = ['duration=12h', 'sweep.replicates=2', 'providers.count=100', 'stakers.count=200', 'operators.count=10'];
const STUDIES: Record<string, readonly string[]> = {
  utilization: SMALL,
  pricing: [...SMALL, 'sweep.lhs.samples=4'],
  // The shock and the attacker's searches inside the twelve hours, once stakers have joined and
  // operators' allocations count (the schema holds the shock to that).
  contagion: [...SMALL, 'attacker.shock.at=6h', 'stakers.joinWindow=2h', 'operators.allocationDelay=1h', 'attacker.checkInterval=2h'],
};

/** A study's sweep takes 10-20 s on two idle cores; a machine shared with other work can take four times that. */
const STUDY_TIMEOUT_MS = 300_000;

interface PageCheck {
  readonly charts: { id: string; marks: number }[];
  readonly errors: string[];
  readonly requests: string[];
}

describe.skipIf(!hasChromium)('reports in headless Chromium', () => {
  let browser: Browser;
  let results: string;
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    ensureBuilt();
    results = mkdtempSync(join(tmpdir(), 'depin-browser-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // Flags from the stack notes: no sandbox in containers, and nothing that phones home.
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    if (results) rmSync(results, { recursive: true, force: true });
  });

  async function openReport(indexHtml: string, screenshot: string, viewportOnly = false): Promise<{ page: Page; check: PageCheck }> {
    const page = await browser.newPage({ viewport: { width: 1250, height: 1000 } });
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
    // vega-embed marks each figure live once its view has rendered. (String expressions, because
    // the tests are type-checked without the DOM library.)
    await page.waitForFunction("[...document.querySelectorAll('figure.chart')].every((f) => f.classList.contains('live'))", undefined, { timeout: 60_000 });
    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((figure) => ({
        id: figure.id,
        marks: figure.querySelectorAll('.interactive svg g.role-mark > path, .interactive svg g.role-mark > rect, .interactive svg g.role-mark > line').length,
      })),
    );
    await page.screenshot({ path: screenshot, fullPage: !viewportOnly });
    return { page, check: { charts, errors, requests } };
  }

  it('draws every chart of a sweep report', async () => {
    const { indexHtml } = await writeReport(await writeFixture({ scenario: 'browser-fixture' }), join(OUT, 'sweep'));
    const { page, check } = await openReport(indexHtml, join(OUT, 'sweep.png'));
    expect(check.charts.map((chart) => chart.id)).toEqual(['sweep', 'distributions', 'series']);
    for (const chart of check.charts) expect(chart.marks, `chart ${chart.id} drew no marks`).toBeGreaterThan(0);
    expect(check.errors).toEqual([]);
    expect(check.requests).toEqual([]);
    expect(await page.evaluate(VERDICT_FIRST)).toEqual({ first: true, text: expect.stringContaining('Check fails: 1 of 8 runs failed') });
    await page.close();
  });

  it('draws every chart of a comparison report', async () => {
    const root = mkdtempSync(join(tmpdir(), 'depin-browser-'));
    const baseline = await writeFixture({ scenario: 'baseline' }, root);
    const proposal = await writeFixture({ scenario: 'proposal', shift: { throughput: 1, latency: -0.1 }, compare: { latency: { better: 'lower', threshold: 0 } } }, root);
    const { indexHtml } = await writeComparisonReport(compareResultDirectories(baseline, proposal), join(OUT, 'compare-fixture'));
    const { page, check } = await openReport(indexHtml, join(OUT, 'compare-fixture.png'));
    expect(check.charts.map((chart) => chart.id)).toEqual(['difference', 'arms']);
    for (const chart of check.charts) expect(chart.marks, `chart ${chart.id} drew no marks`).toBeGreaterThan(0);
    expect(check.errors).toEqual([]);
    expect(check.requests).toEqual([]);
    await page.close();
    rmSync(root, { recursive: true, force: true });
  });

  it.each(Object.keys(STUDIES))('the %s study leads with its question and verdict, its headline chart whole and inside its domains', async (study) => {
    const sweep = cli(['sweep', `scenarios/${study}.yaml`, ...STUDIES[study]!.flatMap((set) => ['--set', set]), '--workers', '2', '--out', results, '--quiet']);
    expect([sweep.status, sweep.stderr]).toEqual([0, '']);
    const { indexHtml } = await writeReport(join(results, study), join(OUT, study));
    const { page, check } = await openReport(indexHtml, join(SCREENSHOTS, `${study}.png`), true);
    expect(check.errors).toEqual([]);
    expect(check.requests).toEqual([]);
    expect(check.charts[0]).toMatchObject({ id: 'headline-1', marks: expect.any(Number) });
    expect(check.charts[0]!.marks).toBeGreaterThan(0);
    const verdict = (await page.evaluate(VERDICT_FIRST)) as { first: boolean; text: string };
    expect(verdict.first).toBe(true);
    expect(verdict.text).toMatch(/^\S.*\?[^\n]*\s*Check (passes|fails)/s); // the question (its paragraph), then the verdict
    for (const figure of check.charts.filter((chart) => chart.id.startsWith('headline'))) {
      expect(await page.evaluate(axisLabelsOutside(figure.id)), `${study} ${figure.id}: axis labels cut or outside the chart`).toEqual([]);
      expect(await page.evaluate(intervalsOutside(figure.id)), `${study} ${figure.id}: an interval leaves its domain`).toEqual([]);
    }
    await page.close();
  }, STUDY_TIMEOUT_MS);

  it('the comparison of the shipped proposal leads with its verdict', async () => {
    const html = join(OUT, 'compare');
    const args = ['compare', 'scenarios/baseline.yaml', 'scenarios/proposals/lower-take-rate.yaml', '--seeds', '5', '--report', '--html', html, '--workers', '2', '--quiet'];
    const compare = cli([...args, ...['duration=12h', 'providers.count=100', 'stakers.count=200', 'operators.count=10'].flatMap((set) => ['--set', set])]);
    expect(compare.stdout).toMatch(/^VERDICT: (passes|fails)/);
    const { page, check } = await openReport(join(html, 'index.html'), join(SCREENSHOTS, 'compare.png'), true);
    expect(check.errors).toEqual([]);
    expect(await page.evaluate(VERDICT_FIRST)).toEqual({ first: true, text: expect.stringMatching(/^VERDICT: (passes|fails)\./) });
    await page.close();
  }, STUDY_TIMEOUT_MS);

  it('would see a cut label and an interval beyond its domain (the checks can fail)', async () => {
    const { page } = await openReport(join(OUT, 'utilization', 'index.html'), join(OUT, 'planted.png'), true);
    // A label cut short by a label limit, and a headline row whose interval runs past 1.
    await page.evaluate(`(async () => {
      const figure = document.createElement('figure');
      figure.className = 'chart';
      figure.id = 'planted';
      figure.innerHTML = '<div class="interactive"></div><script type="application/json" class="spec"></script>';
      const spec = {
        data: { values: [{ x: 'a label far too long to fit in forty pixels', mean: 0.9, ciLower: 0.8, ciUpper: 1.2, domainMin: 0, domainMax: 1 }] },
        mark: 'point', width: 200, height: 100,
        encoding: { x: { field: 'x', type: 'nominal', axis: { labelLimit: 40 } }, y: { field: 'mean', type: 'quantitative' } },
      };
      figure.querySelector('script.spec').textContent = JSON.stringify(spec);
      document.body.appendChild(figure);
      await vegaEmbed(figure.querySelector('.interactive'), spec, { renderer: 'svg', actions: false });
    })()`);
    expect(await page.evaluate(axisLabelsOutside('planted'))).toEqual([expect.stringMatching(/^cut: a lab.*…$/)]);
    expect(await page.evaluate(intervalsOutside('planted'))).toEqual(['mean 0.9: interval 0.8 to 1.2 leaves [0, 1]']);
    await page.close();
  });
});

/** Whether the first element after the page's header is the verdict, and its text. */
const VERDICT_FIRST = `(() => {
  const first = document.querySelector('body > header').nextElementSibling;
  return { first: first.matches('section.verdict'), text: first.innerText.trim() };
})()`;

/**
 * The axis labels of a figure's live chart that are cut short (vega ends them with an ellipsis) or
 * whose bounding box leaves the chart's SVG.
 */
function axisLabelsOutside(figureId: string): string {
  return `(() => {
    const svg = document.querySelector('#${figureId} .interactive svg');
    const box = svg.getBoundingClientRect();
    const problems = [];
    for (const label of svg.querySelectorAll('g.role-axis-label text, g.role-axis-title text')) {
      const r = label.getBoundingClientRect();
      if (label.textContent.endsWith('…')) problems.push('cut: ' + label.textContent);
      else if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) problems.push('outside: ' + label.textContent);
    }
    return problems;
  })()`;
}

/** The rows of a figure's chart whose interval (or mean) leaves the domain the row declares. */
function intervalsOutside(figureId: string): string {
  return `(() => {
    const spec = JSON.parse(document.querySelector('#${figureId} script.spec').textContent);
    const problems = [];
    for (const row of spec.data.values) {
      if (row.domainMin === undefined) return ['row without a domain'];
      const low = row.domainMin === null ? -Infinity : row.domainMin;
      const high = row.domainMax === null ? Infinity : row.domainMax;
      const values = [row.mean, row.ciLower, row.ciUpper].filter((v) => typeof v === 'number' && Number.isFinite(v));
      if (values.some((v) => v < low || v > high)) problems.push('mean ' + row.mean + ': interval ' + row.ciLower + ' to ' + row.ciUpper + ' leaves [' + low + ', ' + high + ']');
    }
    return problems;
  })()`;
}

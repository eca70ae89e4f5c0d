// The written reports: what a reader sees first, that the page needs nothing from the network,
// and that bad input ends in a sentence rather than a stack trace.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareResultDirectories, findSweep, ReportError, writeComparisonReport, writeReport, type ComparisonInput } from '../../sim/report/index.js';
import { FAILED_RUN, writeFixture } from './fixture.js';

const out = mkdtempSync(join(tmpdir(), 'depin-report-out-'));

/** Tags that would fetch something: any script with a src, any link, any src/href to http(s). */
function networkReferences(html: string): string[] {
  const scriptSources = html.match(/<script\b[^>]*\bsrc=[^>]*>/gi) ?? [];
  const links = html.match(/<link\b[^>]*>/gi) ?? [];
  const remote = html.match(/\b(?:src|href)\s*=\s*["']?https?:/gi) ?? [];
  return [...scriptSources, ...links, ...remote];
}

/** The status strip's items as "label: value", in page order. */
function statusStrip(html: string): string[] {
  return [...html.matchAll(/<span class="label">([^<]*)<\/span><span class="value">([^<]*)<\/span>/g)].map((m) => `${m[1]}: ${m[2]}`);
}

describe('writeReport', () => {
  let html: string;
  let written: Awaited<ReturnType<typeof writeReport>>;
  beforeAll(async () => {
    const dir = await writeFixture({ scenario: 'fixture', checks: { throughput: { min: 3, max: 5 }, latency: { max: 0.6 } } });
    written = await writeReport(dir, join(out, 'sweep'));
    html = readFileSync(written.indexHtml, 'utf8');
  });

  it('opens with the verdict: runs, invariants and each band judged at every point', () => {
    // 7 of 8 runs ok; the failed run broke an invariant. Point 0 holds both bands (throughput mean
    // 16/4 = 4 in [3, 5], latency 0.5 <= 0.6); point 1 breaks both, for its run p0001-r0003 failed.
    // The mean over all runs (throughput 28/7 = 4) would have hidden that point.
    expect(statusStrip(html)).toEqual([
      'runs: 7 of 8 ok',
      'invariants: 1 run(s) broke an invariant',
      'regression bands: 2 of 2 broken',
      'sweep: 2 point(s) × 4 seed(s)',
    ]);
    expect(html).toContain('<p class="headline bad">Check fails: 1 of 8 runs failed; 2 of 2 regression bands broken (throughput, latency)</p>');
    expect(html).toContain('<td>throughput</td><td>[3, 5]</td><td>rate=2</td><td>run p0001-r0003 failed</td>');
    expect(html.indexOf('class="verdict"')).toBeLessThan(html.indexOf('<figure'));
    expect(html.indexOf('<figure')).toBeLessThan(html.indexOf('<h3>Summary across seeds'));
  });

  it('inlines one SVG per chart and writes each chart as SVG and PNG', () => {
    expect(written.charts.map((file) => file.slice(dirname(file).length + 1))).toEqual([
      'sweep.svg', 'sweep.png', 'distributions.svg', 'distributions.png', 'series.svg', 'series.png',
    ]);
    expect(html.match(/<figure class="chart"/g)).toHaveLength(3);
    expect(html.match(/<div class="static"><svg/g)).toHaveLength(3);
    for (const file of written.charts) expect(existsSync(file)).toBe(true);
  });

  it('is self-contained: no script, stylesheet or image is fetched', () => {
    expect(networkReferences(html)).toEqual([]);
    // The libraries for the interactive charts are inline instead.
    expect(html).toContain('vegaEmbed');
    expect(html.length).toBeGreaterThan(500_000);
  });

  it('names the failed run with its seed and error, and lists the swept parameter', () => {
    expect(html).toContain(`<td>${FAILED_RUN}</td><td>rate=2</td><td>seed-${FAILED_RUN}</td>`);
    expect(html).toContain('supply at block 7');
    expect(html).toContain('<td>market.rate</td><td>1, 2</td>');
  });
});

describe('writeComparisonReport', () => {
  let html: string;
  let input: ComparisonInput;
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'depin-compare-'));
    const baseline = await writeFixture({ scenario: 'fixture' }, root);
    const proposal = await writeFixture({
      scenario: 'fixture-proposal',
      shift: { throughput: 2, latency: 0.5 },
      compare: {
        throughput: { better: 'higher', threshold: 0 },
        latency: { better: 'lower', threshold: 0.1 },
        revenue: { better: 'higher', threshold: 0 },
      },
    }, root);
    input = { ...compareResultDirectories(baseline, proposal), command: 'depin-lab compare a.yaml b.yaml --report' };
    const written = await writeComparisonReport(input, join(out, 'compare'));
    html = readFileSync(written.indexHtml, 'utf8');
  });

  it('pairs the 7 runs that succeeded in both and finds every difference exactly', () => {
    // Every paired difference is exactly +2 (throughput) or +0.5 (latency), so every bootstrap
    // resample has that mean and the interval collapses onto it.
    const byMetric = Object.fromEntries(input.comparisons.map((c) => [c.metric, c]));
    expect(byMetric['throughput']).toMatchObject({ n: 7, meanDifference: 2, interval: { lower: 2, upper: 2 }, verdict: 'better' });
    expect(byMetric['latency']).toMatchObject({ n: 7, meanDifference: 0.5, interval: { lower: 0.5, upper: 0.5 }, verdict: 'worse beyond threshold' });
  });

  it('leads with the verdict, then the guarded metrics worst first, then a guard nobody reported', () => {
    expect(html).toContain('<section class="verdict">\n<p class="headline bad">VERDICT: fails. latency worsens beyond its threshold; revenue is not reported by the runs.</p>');
    // Relative changes: throughput +2 on a baseline mean of 28/7 = 4 is +50%; latency +0.5 on 6.5/7 is +53.85%.
    expect(statusStrip(html)).toEqual([
      'latency: worse beyond threshold (+53.85%)',
      'throughput: better (+50%)',
      'revenue: not reported by the runs',
    ]);
    expect(html.match(/<div class="static"><svg/g)).toHaveLength(2);
    expect(networkReferences(html)).toEqual([]);
    expect(html).toContain('depin-lab compare a.yaml b.yaml --report');
  });
});

describe('bad input', () => {
  it('explains a missing results directory', async () => {
    await expect(writeReport(join(out, 'nowhere'), join(out, 'x'))).rejects.toThrow(new ReportError(`no results at ${join(out, 'nowhere')}`));
  });

  it('reports the most recently written sweep when a scenario directory holds several, and lists them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'depin-two-'));
    const older = await writeFixture({ scenario: 'fixture' }, root);
    const newer = await writeFixture({ scenario: 'fixture', compare: { latency: { better: 'lower', threshold: 0 } } }, root);
    const now = Date.now() / 1000;
    utimesSync(join(older, 'manifest.json'), now - 120, now - 120);
    utimesSync(join(newer, 'manifest.json'), now, now);
    const choice = findSweep(join(root, 'fixture'));
    expect(choice.dir).toBe(newer);
    expect(choice.among!.map((sweep) => sweep.dir)).toEqual([newer, older]);
    expect(choice.among![0]).toMatchObject({ runs: 8, what: 'no recorded command' });
  });

  it('explains a directory that is not a results directory', async () => {
    const empty = join(out, 'empty');
    mkdirSync(empty);
    await expect(writeReport(empty, join(out, 'x'))).rejects.toThrow(/holds no manifest.json/);
  });

  it('refuses to pair runs made with different seeds', async () => {
    const root = mkdtempSync(join(tmpdir(), 'depin-seeds-'));
    const baseline = await writeFixture({ scenario: 'fixture' }, root);
    const proposal = await writeFixture({ scenario: 'other', shift: { throughput: 1, latency: 0 } }, join(root, 'other-root'));
    // Same ids and seeds so far; break one seed in the proposal's manifest.
    const manifestFile = join(proposal, 'manifest.json');
    const broken = readFileSync(manifestFile, 'utf8').replace('"seed": "seed-p0000-r0000"', '"seed": "elsewhere"');
    writeFileSync(manifestFile, broken);
    expect(() => compareResultDirectories(baseline, proposal)).toThrow(/p0000-r0000 has seed seed-p0000-r0000 in the baseline and elsewhere in the proposal/);
  });
});

// `depin-lab sensitivity` and `depin-lab optimize` through the built command line, on M/M/c
// studies: what they print and write, the same bytes with one worker or two, a kill at any moment
// resumed to the bytes of an uninterrupted study, proposal files that `compare` confirms, and
// bad input in one line with exit 2.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../sim/cli/main.js';
import { ensureBuilt } from '../runner/build.js';
import { directoryBytes } from '../runner/dirBytes.js';
import { cli, cliInBackground } from '../runner/spawnCli.js';

const SENSITIVITY = 'test/cli/fixtures/mmc-sensitivity.yaml'; // 56 points x 2 seeds
const OPTIMIZE = 'test/cli/fixtures/mmc-optimize.yaml'; // baseline + 8 points, x 5 seeds (compare's fewest for a verdict)
/** Runs of 10,000 customers on the simjs kernel (about 0.1 s each): slow enough to be killed mid-study. */
const SLOW = ['--set', 'customers=10000', '--set', 'kernel=simjs'];
/** The sensitivity study made smaller for the kill: 16 Morris and 20 Saltelli points, 72 runs. */
const FEWER = ['--set', 'sensitivity.sobol.baseRows=4'];

let root: string;
beforeAll(() => {
  ensureBuilt();
  root = mkdtempSync(join(tmpdir(), 'depin-studies-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The one study directory under results root `out` (results/<scenario>/<id>). */
function studyDir(out: string): string {
  const dir = studyDirSoFar(out);
  if (dir === undefined) throw new Error(`no study directory under ${out}`);
  return dir;
}

/** The study directory once the study has made it: a killed child may have made only its parents. */
function studyDirSoFar(out: string): string | undefined {
  const scenario = existsSync(out) ? readdirSync(out)[0] : undefined;
  const id = scenario === undefined ? undefined : readdirSync(join(out, scenario))[0];
  return id === undefined ? undefined : join(out, scenario!, id);
}

/** A file of the study directory, once there is one to look in. */
function studyFileSoFar(out: string, file: string): string {
  const dir = studyDirSoFar(out);
  return dir === undefined ? join(out, 'not-yet', file) : join(dir, file);
}

async function until(condition: () => boolean, child: { exitCode: number | null }): Promise<void> {
  while (!condition()) {
    // A study that ended on its own was never interrupted: fail instead of waiting forever.
    expect(child.exitCode).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function lineCount(file: string): number {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((line) => line.endsWith('}')).length : 0;
}

function captureIo() {
  const io = { out: '', err: '', stdout: { write: (t: string) => (io.out += t) }, stderr: { isTTY: false, write: (t: string) => (io.err += t) }, now: () => 0, env: {} };
  return io;
}

describe('depin-lab sensitivity', () => {
  it('ranks the parameters per metric, writes the runs, the measures and a report led by the ranking', () => {
    const out = join(root, 'sens-one');
    const html = join(root, 'sens-report');
    const result = cli(['sensitivity', SENSITIVITY, '--workers', '1', '--out', out, '--html', html]);
    expect([result.status, result.stderr]).toEqual([0, '']);
    const dir = studyDir(out);
    expect(result.stdout).toMatch(/^meanWait: .* most of the variance of meanWait/);
    expect(result.stdout).toMatch(/\nutilization: /);
    expect(result.stdout).toContain(`112 runs, 0 failed: ${dir}\nreport: ${join(html, 'index.html')}\n`);
    const measures = JSON.parse(readFileSync(join(dir, 'sensitivity.json'), 'utf8')) as { metrics: { metric: string; ranking: string[]; sobol: { S1: number[] } }[] };
    expect(measures.metrics.map((m) => m.metric)).toEqual(['meanWait', 'utilization']);
    expect([...measures.metrics[0]!.ranking].sort()).toEqual(['lambda', 'mu', 'servers']);
    for (const m of measures.metrics) for (const s of m.sobol.S1) expect(s >= 0 && s <= 1).toBe(true);
    const page = readFileSync(join(html, 'index.html'), 'utf8');
    expect(page.indexOf('<h2>Ranking</h2>')).toBeLessThan(page.indexOf('<h2>Charts</h2>'));
    expect(existsSync(join(html, 'morris.svg')) && existsSync(join(html, 'sobol.png'))).toBe(true);

    // Two workers: the same bytes.
    const two = join(root, 'sens-two');
    expect(cli(['sensitivity', SENSITIVITY, '--workers', '2', '--out', two, '--html', html, '--json']).status).toBe(0);
    expect(directoryBytes(studyDir(two))).toEqual(directoryBytes(dir));
  });

  it('resumes a killed study to the bytes of an uninterrupted one', async () => {
    const complete = join(root, 'sens-complete');
    const slow = [...SLOW, ...FEWER];
    expect(cli(['sensitivity', SENSITIVITY, ...slow, '--workers', '2', '--out', complete, '--html', join(root, 'r1'), '--quiet']).stderr).toBe('');
    const interrupted = join(root, 'sens-interrupted');
    const child = cliInBackground(['sensitivity', SENSITIVITY, ...slow, '--workers', '2', '--out', interrupted, '--html', join(root, 'r2')]);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await until(() => lineCount(studyFileSoFar(interrupted, 'runs.ndjson')) >= 5, child);
    child.kill('SIGKILL');
    await exited;
    const before = lineCount(join(studyDir(interrupted), 'runs.ndjson'));
    expect(before).toBeLessThan(72);
    expect(cli(['sensitivity', SENSITIVITY, ...slow, '--out', interrupted]).stderr).toMatch(/results already exist in .*; pass --resume/);
    const resumed = cli(['sensitivity', SENSITIVITY, ...slow, '--workers', '2', '--out', interrupted, '--html', join(root, 'r2'), '--resume']);
    expect(resumed.status).toBe(0);
    expect(directoryBytes(studyDir(interrupted))).toEqual(directoryBytes(studyDir(complete)));
  });

  it('stops at the first run when a metric is misspelt, naming the nearest, and keeps the runs for --resume', () => {
    const out = join(root, 'sens-misspelt');
    const result = cli(['sensitivity', SENSITIVITY, '--set', 'sensitivity.metrics=[meanWait, utilisation]', '--workers', '1', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `${SENSITIVITY}: sensitivity.metrics[1]: expected a summary metric the runs report (5 of them, e.g. erlangWq, meanSystemTime, meanWait, served), found "utilisation" — did you mean "utilization"?\n` +
        'depin-lab: the runs done so far are kept: correct the name and run the same command with --resume\n',
    );
    expect(lineCount(join(studyDir(out), 'runs.ndjson'))).toBeLessThan(112);
  });
});

describe('depin-lab optimize', () => {
  it('finds the best feasible point, and writes a proposal file that compare confirms to the last digit', () => {
    const out = join(root, 'opt');
    const proposals = join(root, 'proposals');
    // An earlier search's proposal beyond today's front goes; a file the command did not write stays.
    mkdirSync(proposals, { recursive: true });
    writeFileSync(join(proposals, 'cli-optimize-2.yaml'), '# Written by `depin-lab optimize test/cli/fixtures/mmc-optimize.yaml` (search 0123456789ab):\n');
    writeFileSync(join(proposals, 'cli-optimize-3.yaml'), '# my own proposal\n');
    const result = cli(['optimize', OPTIMIZE, '--workers', '2', '--out', out, '--proposals', proposals, '--html', join(root, 'opt-report'), '--json']);
    expect([result.status, result.stderr]).toEqual([0, '']);
    const report = JSON.parse(result.stdout) as {
      evaluated: number;
      runs: number;
      recommendations: { parameters: { mu: string }; objectives: { metric: string; meanDifference: number; interval: unknown; verdict: string }[]; constraints: { metric: string; value: number; margin: number }[]; proposal: string }[];
    };
    expect([report.evaluated, report.runs]).toEqual([8, (1 + 8) * 5]); // the baseline and 8 points on 5 seeds
    expect(report.recommendations).toHaveLength(1);
    const [best] = report.recommendations;
    // The band 2/(4 mu) >= 0.3 holds up to mu = 5/3; the mean wait falls all the way there.
    expect(Number(best!.parameters.mu)).toBeGreaterThan(1.5);
    expect(Number(best!.parameters.mu)).toBeLessThan(5 / 3 + 0.02);
    expect(best!.constraints).toEqual([{ metric: 'utilization', from: 'checks', min: 0.3, value: expect.any(Number), margin: expect.any(Number) }]);
    expect(best!.constraints[0]!.margin).toBeGreaterThanOrEqual(0);
    expect(best!.objectives.map((o) => [o.metric, o.verdict])).toEqual([['meanWait', 'better']]);

    expect(readdirSync(proposals).sort()).toEqual(['cli-optimize-1.yaml', 'cli-optimize-3.yaml']);
    // Each part of the search is a results directory of its own, which `report` reads.
    expect(readdirSync(studyDir(out)).sort()).toEqual(['baseline', 'batch-0000', 'batch-0001', 'batch-0002', 'batch-0003', 'search.json']);
    const part = cli(['report', join(studyDir(out), 'batch-0002'), '--html', join(root, 'batch-report')]);
    expect([part.status, part.stderr]).toEqual([0, '']);
    const text = readFileSync(best!.proposal, 'utf8');
    expect(text).toMatch(/^# Written by `depin-lab optimize test\/cli\/fixtures\/mmc-optimize.yaml` \(search [0-9a-f]{12}\):\n/);
    expect(text).toContain(`\nmu: ${best!.parameters.mu}\n`);
    expect(text).toContain('\ncompare:\n  meanWait: { better: lower, threshold: 0 }\n');
    const compared = cli(['compare', OPTIMIZE, best!.proposal, '--seeds', '5', '--workers', '2', '--json']);
    expect(compared.status).toBe(0);
    const metrics = (JSON.parse(compared.stdout) as { metrics: { metric: string }[] }).metrics;
    expect(metrics.find((m) => m.metric === 'meanWait')).toEqual(best!.objectives[0]);
  });

  it('resumes a search killed after a batch to the bytes of one never killed, and extends it with a larger budget', async () => {
    const args = (out: string, extra: string[] = []) => ['optimize', OPTIMIZE, ...SLOW, '--workers', '2', '--out', out, '--proposals', join(root, `p-${out.split('/').pop()}`), '--html', join(root, 'r3'), '--quiet', ...extra];
    const complete = join(root, 'opt-complete');
    const whole = cli(args(complete, ['--json']));
    expect(whole.status).toBe(0);
    const interrupted = join(root, 'opt-interrupted');
    const child = cliInBackground(args(interrupted));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await until(() => existsSync(studyFileSoFar(interrupted, 'search.json')), child);
    child.kill('SIGKILL');
    await exited;
    const resumed = cli(args(interrupted, ['--resume', '--json']));
    expect(resumed.status).toBe(0);
    expect(directoryBytes(studyDir(interrupted))).toEqual(directoryBytes(studyDir(complete)));
    const recommendations = (stdout: string) => (JSON.parse(stdout) as { recommendations: { parameters: unknown; objectives: unknown }[] }).recommendations.map(({ parameters, objectives }) => ({ parameters, objectives }));
    expect(recommendations(resumed.stdout)).toEqual(recommendations(whole.stdout));

    // A larger budget on the same search runs only the new points.
    const extended = cli(args(interrupted, ['--resume', '--json', '--evaluations', '10']));
    expect(extended.status).toBe(0);
    expect(JSON.parse(extended.stdout)).toMatchObject({ evaluated: 10, runs: (1 + 10) * 5 });
  });
});

describe('bad study input', () => {
  it('describes both commands under --help', async () => {
    for (const command of ['sensitivity', 'optimize']) {
      const io = captureIo();
      expect(await main([command, '--help'], io)).toBe(0);
      expect(io.out).toMatch(new RegExp(`^usage: depin-lab ${command} <scenario>`));
      for (const line of io.out.split('\n').filter((l) => l.startsWith('  --'))) expect(line).toMatch(/^ {2}--[\w-]+ +\S/);
    }
  });

  it.each([
    [['sensitivity', OPTIMIZE], `${OPTIMIZE}: sensitivity: expected a sensitivity section (parameters with ranges, metrics, and morris and/or sobol), found nothing\n`],
    [['optimize', SENSITIVITY], `${SENSITIVITY}: optimize: expected a optimize section (parameters with bounds, objectives and a budget), found nothing\n`],
    [['optimize', OPTIMIZE, '--set', 'sweep.grid.servers=[4, 5]'], `${OPTIMIZE}: sweep.grid: expected no sweep points beside a optimize study, which runs its own design (only sweep.replicates applies), found sweep.grid\n`],
    [['optimize', OPTIMIZE, '--evaluations', '0'], 'depin-lab: --evaluations must be a positive integer, found "0"\n'],
    [['optimize', OPTIMIZE, '--set', 'optimize.objectives={meanWiat: minimize}'], `${OPTIMIZE}: optimize.objectives.meanWiat: expected a summary metric the runs report (5 of them, e.g. erlangWq, meanSystemTime, meanWait, served), found "meanWiat" — did you mean "meanWait"?\n`],
  ])('%j exits 2 with one line', async (args, message) => {
    const io = captureIo();
    expect(await main([...args, '--out', join(root, 'bad'), '--quiet'], io)).toBe(2);
    expect(io.err).toBe(message);
  });

  it('names a design point whose values, each valid alone, make an invalid scenario together', async () => {
    const io = captureIo();
    // Each end valid with the file's 4 servers of rate 1, but 3.9 arrivals a second against 3 servers of rate 1 is an unstable queue.
    const args = ['sensitivity', SENSITIVITY, '--set', 'sensitivity.parameters.lambda={min: 1/s, max: 3.9/s}', '--out', join(root, 'bad'), '--quiet'];
    expect(await main(args, io)).toBe(2);
    expect(io.err).toMatch(/^test\/cli\/fixtures\/mmc-sensitivity.yaml: sensitivity.parameters: point \d+ \(lambda=[\d.]+, mu=[\d.]+, servers=\d\) is not a valid scenario: lambda: expected lambda < servers \* mu \([\d.]+\/s, a stable queue\)\n$/);
  });
});

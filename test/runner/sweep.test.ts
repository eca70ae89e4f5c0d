// End-to-end sweeps through the built command line: worker count, interruption and failures must
// never change what lands in the results directory.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './build.js';
import { cli, cliInBackground } from './spawnCli.js';
import { directoryBytes } from './dirBytes.js';
import type { Manifest } from '../../sim/runner/store.js';

let root: string;
beforeAll(() => {
  ensureBuilt();
  root = mkdtempSync(join(tmpdir(), 'depin-sweep-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The one sweep directory under results root `out` (results/<scenario>/<sweep id>). */
function sweepDir(out: string): string {
  const scenario = readdirSync(out)[0]!;
  const [id] = readdirSync(join(out, scenario));
  return join(out, scenario, id!);
}

/** Whole lines in runs.ndjson of a sweep that may not have created its directory yet. */
function startedSweepLines(out: string): number {
  const scenarios = existsSync(out) ? readdirSync(out) : [];
  if (scenarios.length === 0) return 0;
  const sweeps = readdirSync(join(out, scenarios[0]!));
  return sweeps.length === 0 ? 0 : lines(join(out, scenarios[0]!, sweeps[0]!, 'runs.ndjson')).length;
}

function lines(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((line) => line.endsWith('}'));
}

describe('depin-lab sweep', () => {
  it('gives byte-identical results directories with 1 and 2 workers', () => {
    const one = join(root, 'one');
    const two = join(root, 'two');
    const a = cli(['sweep', 'test/runner/fixtures/mmc-sweep.yaml', '--workers', '1', '--out', one]);
    const b = cli(['sweep', 'test/runner/fixtures/mmc-sweep.yaml', '--workers', '2', '--out', two]);
    expect([a.status, a.stderr]).toEqual([0, '']);
    expect([b.status, b.stderr]).toEqual([0, '']);
    const files = directoryBytes(sweepDir(one));
    // manifest, runs.ndjson and one series file per run: 2 grid points x 3 replicates.
    expect(Object.keys(files)).toHaveLength(2 + 6);
    expect(directoryBytes(sweepDir(two))).toEqual(files);
    expect(a.stdout).toBe(`6 runs (6 run now), 0 failed: ${sweepDir(one)}\n`);
    // The manifest records how the sweep was run, and each point's swept values as written.
    const manifest = JSON.parse(readFileSync(join(sweepDir(one), 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.invocations).toEqual([
      { command: `depin-lab sweep test/runner/fixtures/mmc-sweep.yaml --workers 1 --out ${one}`, version: expect.any(String), commit: expect.stringMatching(/^[0-9a-f]{40}(\+dirty)?$/) },
    ]);
    expect(manifest.points).toEqual([{ servers: '3' }, { servers: '4' }]);
  });

  it('resumes a killed sweep to the same results as an uninterrupted one, nothing lost or duplicated', async () => {
    const scenario = 'test/runner/fixtures/mmc-long.yaml';
    const complete = join(root, 'complete');
    expect(cli(['sweep', scenario, '--workers', '2', '--out', complete]).status).toBe(0);

    const interrupted = join(root, 'interrupted');
    const child = cliInBackground(['sweep', scenario, '--workers', '2', '--out', interrupted]);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    while (startedSweepLines(interrupted) < 5) {
      // A sweep that ended on its own was never interrupted: fail instead of waiting forever.
      expect(child.exitCode).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill('SIGKILL');
    await exited;
    const before = lines(join(sweepDir(interrupted), 'runs.ndjson'));
    expect(before.length).toBeGreaterThanOrEqual(5);
    expect(before.length).toBeLessThan(40);
    // The manifest the kill left tells the truth: every status it gives is that of a whole line,
    // and it lags the lines by at most the run whose status was being marked.
    const killed = JSON.parse(readFileSync(join(sweepDir(interrupted), 'manifest.json'), 'utf8')) as Manifest;
    const lineStatus = new Map(before.map((line) => JSON.parse(line) as { id: string; status: string }).map((line) => [line.id, line.status]));
    const marked = killed.runs.filter((run) => run.status !== 'pending');
    for (const run of marked) expect(run.status).toBe(lineStatus.get(run.id));
    expect(marked.length).toBeGreaterThanOrEqual(before.length - 1);

    expect(cli(['sweep', scenario, '--out', interrupted]).stderr).toMatch(/results already exist in .*; pass --resume/);
    const resumed = cli(['sweep', scenario, '--workers', '2', '--resume', '--out', interrupted]);
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toContain(`40 runs (${40 - before.length} run now), 0 failed`);
    const ids = lines(join(sweepDir(interrupted), 'runs.ndjson')).map((line) => (JSON.parse(line) as { id: string }).id);
    expect(new Set(ids).size).toBe(40);
    expect(directoryBytes(sweepDir(interrupted))).toEqual(directoryBytes(sweepDir(complete)));
    const invocations = (JSON.parse(readFileSync(join(sweepDir(interrupted), 'manifest.json'), 'utf8')) as Manifest).invocations!;
    expect(invocations.map((i) => i.command)).toEqual([
      `depin-lab sweep ${scenario} --workers 2 --out ${interrupted}`,
      `depin-lab sweep ${scenario} --workers 2 --resume --out ${interrupted}`,
    ]);
  });

  it('records a failing run with its seed and error while the others complete, and exits 1', () => {
    const out = join(root, 'failing');
    const result = cli(['sweep', 'test/runner/fixtures/mmc-one-fails.yaml', '--workers', '2', '--out', out]);
    expect(result.status).toBe(1);
    const runs = lines(join(sweepDir(out), 'runs.ndjson')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(runs.map((run) => run['status'])).toEqual(['ok', 'failed', 'ok']);
    const failed = runs[1]!;
    expect(failed['seed']).toEqual(expect.any(String));
    const error = failed['error'] as { name: string; message: string };
    expect(error.name).toBe('BudgetExceeded');
    expect(error.message).toMatch(/^stopped by its event budget \(limits\.maxEvents = 50000\) at simulated time [\d.]+ s( \([\d.]+ d\))? after 50000 events$/);
    expect(result.stdout).toBe(`3 runs (3 run now), 1 failed: ${sweepDir(out)}\n`);
    expect(result.stderr).toBe(`run p0001-r0000 (seed ${String(failed['seed'])}) failed: BudgetExceeded: ${error.message}\n`);
  });

  it('finishes a sweep with a run that would hang: that run fails with where it stood, the others are ok', () => {
    const out = join(root, 'hanging');
    const result = cli(['sweep', 'test/runner/fixtures/mmc-one-hangs.yaml', '--workers', '2', '--out', out]);
    expect(result.status).toBe(1);
    const runs = lines(join(sweepDir(out), 'runs.ndjson')).map((line) => JSON.parse(line) as { status: string; error?: { name: string; message: string } });
    expect(runs.map((run) => run.status)).toEqual(['ok', 'failed', 'ok']);
    expect(runs[1]!.error!.name).toBe('BudgetExceeded');
    expect(runs[1]!.error!.message).toMatch(/^stopped by its wall-clock budget \(limits\.maxWallTime = 1s\) at simulated time [\d.]+ s( \([\d.]+ d\))? after \d+ events$/);
    const manifest = JSON.parse(readFileSync(join(sweepDir(out), 'manifest.json'), 'utf8')) as { runs: { status: string }[] };
    expect(manifest.runs.map((run) => run.status)).toEqual(['ok', 'failed', 'ok']);
  }, 60_000);
});

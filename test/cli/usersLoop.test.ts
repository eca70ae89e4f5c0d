// The command line as a researcher, a governance delegate and a protocol team's CI meet it: metric
// typos refused before anything runs, a --set that wins over the sweep, governance `compare` that
// says what it cannot judge, JSON on errors, and `report` choosing among several sweeps.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../runner/build.js';
import { inProcess as cli } from '../runner/spawnCli.js';
import type { Manifest } from '../../sim/runner/store.js';

const fixture = (name: string) => `test/cli/fixtures/${name}`;
let out: string;
beforeAll(() => {
  ensureBuilt();
  out = mkdtempSync(join(tmpdir(), 'depin-users-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

function scenarioFile(name: string, yaml: string): string {
  const file = join(out, name);
  writeFileSync(file, yaml);
  return file;
}

describe('metric names are checked before anything runs', () => {
  it('validate refuses a misspelt metric in checks or compare with exit 2 and a suggestion', async () => {
    const misspeltCheck = scenarioFile('misspelt-check.yaml', `extends: ${process.cwd()}/scenarios/baseline.yaml\nchecks:\n  utilisation.mean: { min: 0.3 }\n`);
    const result = await cli(['validate', misspeltCheck]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/checks\["utilisation\.mean"\]: expected a summary metric the market world reports .* — did you mean "utilization\.mean"\?\n$/);
    const misspeltGuard = scenarioFile('misspelt-guard.yaml', `extends: ${process.cwd()}/scenarios/baseline.yaml\ncompare:\n  fil_rate: { better: higher }\n`);
    const compare = await cli(['compare', 'scenarios/baseline.yaml', misspeltGuard, '--seeds', '5']);
    expect(compare.status).toBe(2);
    expect(compare.stderr).toMatch(/compare\.fil_rate: .* — did you mean "fill_rate"\?\n$/);
  });
});

describe('--set wins over the sweep', () => {
  it('removes the swept axis it sets, and says so in one line', async () => {
    const result = await cli(['validate', 'scenarios/contagion.yaml', '--set', 'security.contagion=elastic']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('depin-lab: scenarios/contagion.yaml: --set security.contagion=elastic replaces the sweep over security.contagion (unique-stake, pooled, elastic) (sweep.grid)\n');
    // 3 models x 2 shock modes x 5 shock sizes x 8 seeds before; the modes and sizes alone now.
    expect(result.stdout).toMatch(/, 80 runs\)\n$/);
  });
});

describe('compare for governance', () => {
  it('shows --set in its help', async () => {
    expect((await cli(['compare', '--help'])).stdout).toMatch(/^ {2}--set +override a scenario value by dotted path/m);
  });

  it('applies --set to both sides, and gives no verdict but "too few seeds" below five', async () => {
    const result = await cli(['compare', fixture('mmc-small.yaml'), fixture('mmc-more-servers.yaml'), '--seeds', '3', '--set', 'customers=1000', '--set', 'warmup=100', '--json']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('depin-lab: warning: 3 seed(s) per point: below 5 a paired interval says too little to judge, so no verdict is given');
    const report = JSON.parse(result.stdout) as { verdict: string; passed: boolean; runs: number; metrics: { metric: string; verdict: string; interval: { lower: null } }[] };
    expect(report).toMatchObject({ verdict: 'too few seeds', passed: false, runs: 3 });
    expect(report.metrics.find((m) => m.metric === 'meanWait')).toMatchObject({ verdict: 'too few seeds', interval: { lower: null } });
    expect(report.metrics.find((m) => m.metric === 'served')).toMatchObject({ baselineMean: 1000 });
  });

  it('has the verdict and passed at the top of --json', async () => {
    const result = await cli(['compare', fixture('mmc-small.yaml'), fixture('mmc-more-servers.yaml'), '--seeds', '6', '--workers', '2', '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ verdict: 'passes', passed: true, guardsFrom: 'proposal', warnings: [] });
  });

  it('warns when the scenarios differ beyond the proposal’s own keys, or in duration', async () => {
    const proposal = scenarioFile('fewer-customers.yaml', `extends: ${process.cwd()}/${fixture('mmc-more-servers.yaml')}\nname: fewer\ncustomers: 1000\nwarmup: 100\n`);
    const result = await cli(['compare', fixture('mmc-small.yaml'), proposal, '--seeds', '5', '--workers', '2', '--json']);
    // servers comes from the file the proposal extends, not from the proposal itself.
    expect((JSON.parse(result.stdout) as { warnings: string[] }).warnings).toEqual([
      'the proposal also differs from the baseline in servers (3 against 4), which its own file does not set: does it extend another baseline?',
    ]);
    const tiny = scenarioFile('tiny.yaml', 'duration: 1h\nproviders: { count: 2 }\nstakers: { count: 2 }\noperators: { count: 1 }\nservices: { count: 1 }\nsolvers: { count: 1 }\n');
    const longer = scenarioFile('longer.yaml', `extends: ${tiny}\nduration: 2h\nchain.baseFee: 2_000_000_000\n`);
    const warned = await cli(['compare', tiny, longer, '--seeds', '1', '--quiet']);
    expect(warned.stderr).toContain('depin-lab: warning: the baseline runs 1h and the proposal 2h: the differences mix the change of horizon with the proposal\'s (--set duration=1h runs both alike)\n');
    // --set applies to both sides, so the horizons agree again.
    expect((await cli(['compare', tiny, longer, '--seeds', '1', '--quiet', '--set', 'duration=1h'])).stderr).not.toContain('the baseline runs');
  });

  it('explains how to add guards when neither side has a compare: block', async () => {
    const bare = scenarioFile('no-guards.yaml', 'model: mmc\nlambda: 2/s\nmu: 1/s\nservers: 3\ncustomers: 1000\nwarmup: 100\nkernel: heap\n');
    const result = await cli(['compare', bare, bare, '--seeds', '5', '--workers', '2']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^VERDICT: no guarded metric/);
    expect(result.stderr).toContain('no guarded metric: neither the proposal nor the baseline has a compare: block');
    expect(result.stderr).toContain('fill_rate: { better: higher, threshold: 0.01 }');
  });
});

describe('--json on errors', () => {
  it('prints one JSON object with the problems on stdout, exit 2, for any command', async () => {
    for (const args of [['run', 'no/such.yaml'], ['check', 'no/such.yaml'], ['sweep', 'no/such.yaml'], ['compare', 'no/such.yaml', 'no/other.yaml']]) {
      const result = await cli([...args, '--json']);
      expect(result.status).toBe(2);
      const json = JSON.parse(result.stdout) as { ok: boolean; status: number; error: { kind: string; problems: { file: string; path: string }[] } };
      expect(json).toMatchObject({ ok: false, status: 2, error: { kind: 'scenario', problems: [{ file: 'no/such.yaml', path: '(file)' }] } });
    }
    const usage = await cli(['run', '--frobnicate', '--json']);
    expect(JSON.parse(usage.stdout)).toMatchObject({ ok: false, status: 2, error: { kind: 'usage' } });
    const report = await cli(['report', 'no/such/results', '--json']);
    expect(JSON.parse(report.stdout)).toMatchObject({ ok: false, error: { kind: 'report', message: 'no results at no/such/results' } });
  });
});

describe('report', () => {
  it('reports the latest of several sweeps of a scenario and says which, listing the others', async () => {
    const root = join(out, 'results');
    for (const servers of ['3', '4']) {
      expect((await cli(['sweep', fixture('mmc-small.yaml'), '--set', `servers=${servers}`, '--set', 'customers=500', '--set', 'warmup=50', '--out', root, '--quiet'])).status).toBe(0);
    }
    const sweeps = join(root, 'cli-small');
    const [older, newer] = datedSweeps(sweeps);
    const result = await cli(['report', sweeps, '--html', join(out, 'report')]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`from ${join(sweeps, newer!)}`);
    expect(result.stderr).toMatch(new RegExp(`holds 2 sweeps; reporting the latest, ${newer}`));
    expect(result.stderr).toMatch(new RegExp(`${newer} .* runs +depin-lab sweep test/cli/fixtures/mmc-small\\.yaml --set servers=4 .* <- reported`));
    expect(result.stderr).toMatch(new RegExp(`${older} .* --set servers=3`));
  });
});

/** The two sweeps of a scenario directory, the servers=3 one first, their manifests dated a minute apart in that order. */
function datedSweeps(dir: string): string[] {
  const ids = readdirSync(dir).sort((a, b) => (commandOf(dir, a).includes('servers=3') ? -1 : commandOf(dir, b).includes('servers=3') ? 1 : 0));
  const base = Date.now() / 1000;
  ids.forEach((id, i) => utimesSync(join(dir, id, 'manifest.json'), base + i * 60, base + i * 60));
  return ids;
}

function commandOf(dir: string, id: string): string {
  return (JSON.parse(readFileSync(join(dir, id, 'manifest.json'), 'utf8')) as Manifest).invocations![0]!.command;
}

describe('bin/depin-lab.mjs', () => {
  it('says how to build when dist/ is missing, with exit 2 and no stack trace', async () => {
    const copy = join(out, 'unbuilt');
    mkdirSync(join(copy, 'bin'), { recursive: true });
    cpSync('bin/depin-lab.mjs', join(copy, 'bin', 'depin-lab.mjs'));
    const result = spawnSync(process.execPath, [join(copy, 'bin', 'depin-lab.mjs'), '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`depin-lab: the command line is not built yet (${join(copy, 'dist', 'cli.mjs')} is missing); run \`npm run build\` in ${copy} first\n`);
  });
});

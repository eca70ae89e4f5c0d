// The command line as users and CI see it: exit statuses, one-line errors, never a stack trace.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../runner/build.js';
import { cli } from '../runner/spawnCli.js';
import { everyBlockOverrides } from '../../sim/cli/check.js';
import { main } from '../../sim/cli/main.js';
import { loadScenario } from '../../sim/scenario/index.js';

function captureIo() {
  const io = {
    out: '',
    err: '',
    stdout: { write: (text: string) => (io.out += text) },
    stderr: { isTTY: false, write: (text: string) => (io.err += text) },
    now: () => 0,
    env: {},
  };
  return io;
}

const fixture = (name: string) => `test/cli/fixtures/${name}`;
const STACK_FRAME = /^\s+at /m;

let out: string;
beforeAll(() => {
  ensureBuilt();
  out = mkdtempSync(join(tmpdir(), 'depin-cli-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

function oneLine(text: string): boolean {
  return text.endsWith('\n') && !text.slice(0, -1).includes('\n');
}

describe('depin-lab usage', () => {
  it('prints help with exit 0, and asks for a command with exit 2', () => {
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: depin-lab <command> [options]');
    expect(cli([]).status).toBe(2);
  });

  it('describes every option of every command under --help', async () => {
    for (const command of ['run', 'sweep', 'compare', 'check', 'validate', 'schema', 'report']) {
      const io = captureIo();
      expect(await main([command, '--help'], io)).toBe(0);
      expect(io.out).toMatch(new RegExp(`^usage: depin-lab ${command}`));
      const optionLines = io.out.split('\n').filter((line) => line.startsWith('  --'));
      expect(optionLines.length).toBeGreaterThan(0);
      for (const line of optionLines) expect(line).toMatch(/^ {2}--[\w-]+ +\S/);
    }
  });

  it('rejects an unknown command, an unknown option and a bad number in one line with exit 2', () => {
    const small = fixture('mmc-small.yaml');
    for (const args of [['frobnicate'], ['sweep', small, '--wrokers', '2'], ['sweep', small, '--workers', 'two', '--out', out], ['run']]) {
      const result = cli(args);
      expect(result.status).toBe(2);
      expect(oneLine(result.stderr)).toBe(true);
      expect(result.stderr).toMatch(/^depin-lab: /);
    }
    expect(cli(['sweep', small, '--workers', 'two', '--out', out]).stderr).toBe('depin-lab: --workers must be a positive integer, found "two"\n');
  });

  it('reports a results directory that is not one in one line, exit 2', () => {
    const result = cli(['report', 'no/such/results']);
    expect(result.status).toBe(2);
    expect(oneLine(result.stderr)).toBe(true);
    expect(result.stderr).toMatch(/^depin-lab: .*no\/such\/results/);
  });
});

describe('bad scenario files', () => {
  it('reports a missing file in one line with exit 2, for every command that loads one', () => {
    for (const command of ['run', 'sweep', 'check', 'validate']) {
      const result = cli([command, 'no/such/scenario.yaml']);
      expect(result.status).toBe(2);
      expect(oneLine(result.stderr)).toBe(true);
      expect(result.stderr).toContain('no/such/scenario.yaml');
      expect(result.stderr).not.toMatch(STACK_FRAME);
    }
  });

  it('reports a misspelt key and bad YAML as one problem line each, exit 2, no stack trace', () => {
    const misspelt = cli(['validate', fixture('misspelt.yaml')]);
    expect(misspelt.status).toBe(2);
    expect(misspelt.stderr).toMatch(/^test\/cli\/fixtures\/misspelt\.yaml: serverz: .*did you mean "servers"\?\n$/);
    const badYaml = cli(['sweep', fixture('bad-yaml.yaml'), '--out', out]);
    expect(badYaml.status).toBe(2);
    expect(oneLine(badYaml.stderr)).toBe(true);
    expect(badYaml.stderr).toMatch(/^test\/cli\/fixtures\/bad-yaml\.yaml: /);
    expect(badYaml.stderr).not.toMatch(STACK_FRAME);
  });

  it('keeps an unexpected error to one line unless DEPIN_LAB_DEBUG=1', () => {
    // --out under a regular file cannot be created: not a scenario problem, an unexpected one.
    const args = ['sweep', fixture('mmc-small.yaml'), '--out', 'package.json/results'];
    const quiet = cli(args);
    expect(quiet.status).toBe(2);
    expect(quiet.stderr).toMatch(/^depin-lab: unexpected error: ENOTDIR: .* \(DEPIN_LAB_DEBUG=1 shows the stack\)\n$/);
    expect(oneLine(quiet.stderr)).toBe(true);
    const debug = cli(args, { DEPIN_LAB_DEBUG: '1' });
    expect(debug.status).toBe(2);
    expect(debug.stderr).toMatch(STACK_FRAME);
  });
});

describe('the feasibility note', () => {
  // The baseline's demand: 40 jobs an hour of 1-8 GPUs (4.5 on average) for 6 h: 1080 GPU-hours per
  // hour, over 200 providers of 8 GPUs: 0.675 of capacity.
  it('warns when the posted-price target exceeds what demand can keep busy, and still accepts the file', () => {
    const result = cli(['validate', 'scenarios/baseline.yaml', '--set', 'market.kind=posted-price', '--set', 'sweep.replicates=1']);
    expect(result).toMatchObject({ status: 0, stdout: 'scenarios/baseline.yaml: ok (scenario baseline, model market, 1 runs)\n' });
    expect(result.stderr).toBe(
      'warning: scenarios/baseline.yaml: market.postedPrice.targetUtilization 0.8 exceeds the offered load 0.675 (1080 GPU-hours per hour of demand over 1600 GPUs): demand cannot keep that share busy, so the posted price falls until providers leave or it reaches its floor\n',
    );
  });

  it('is silent for a reachable target and for other markets, and counts the runs of a sweep it concerns', () => {
    for (const set of ['market.postedPrice.targetUtilization=0.6', 'market.kind=lease-auction']) {
      expect(cli(['validate', 'scenarios/baseline.yaml', '--set', 'market.kind=posted-price', '--set', set]).stderr).toBe('');
    }
    const pricing = cli(['validate', 'scenarios/pricing.yaml', '--json']);
    const warnings = (JSON.parse(pricing.stdout) as { warnings: string[] }).warnings;
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/targetUtilization 0\.\d+ to 0\.\d+ exceeds the offered load 0\.675 .* in \d+ of 64 posted-price runs/);
  });
});

describe('commands on an M/M/c scenario', () => {
  it('validate counts the runs', () => {
    expect(cli(['validate', fixture('mmc-small.yaml')])).toMatchObject({
      status: 0,
      stdout: 'test/cli/fixtures/mmc-small.yaml: ok (scenario cli-small, model mmc, 4 runs)\n',
    });
    const json = cli(['validate', fixture('mmc-small.yaml'), '--set', 'sweep.replicates=6', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, file: 'test/cli/fixtures/mmc-small.yaml', name: 'cli-small', model: 'mmc', runs: 6, warnings: [] });
  });

  it('run prints what was simulated, the invariants, then metrics grouped with units; --json gives the whole RunResult', () => {
    const text = cli(['run', fixture('mmc-small.yaml')]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^cli-small, run p0000-r0000, seed \S+\n  M\/M\/c queue: arrivals 2\/s, service 1\/s per server, 3 servers, 4000 customers\ninvariants: /);
    expect(text.stdout).toMatch(/^queue\n {2}meanWait +0\.\d+ +s +mean wait in queue/m);
    expect(text.stdout).toMatch(/^ {2}utilization +0\.6\d+ +fraction +busy server time/m);
    const json = JSON.parse(cli(['run', fixture('mmc-small.yaml'), '--json']).stdout) as { summary: Record<string, number>; counters: Record<string, number> };
    expect(json.summary['served']).toBe(4000);
    expect(json.summary['erlangWq']).toBeCloseTo(4 / 9, 12);
  });

  it('run exits 1 with the reason when the run fails', () => {
    const result = cli(['run', fixture('market.yaml')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^run p0000-r0000 \(seed \S+\) failed: Error: provider provider:0 could not register: insufficient funds for gas\n$/);
  });

  it('check passes inside the regression band and fails outside it with the reason', () => {
    const pass = cli(['check', fixture('mmc-small.yaml'), '--workers', '2']);
    expect(pass).toMatchObject({ status: 0, stdout: 'check passed: 4 runs at 1 sweep point(s); 1 regression band holds at every point\n', stderr: '' });
    const fail = cli(['check', fixture('mmc-tight-band.yaml'), '--workers', '2']);
    expect(fail.status).toBe(1);
    expect(fail.stderr).toMatch(/^check failed: utilization: mean 0\.6\d+ over 4 seeds is below the band's min 0\.8 \(band \[0\.8, 0\.9\]\)\n$/);
  });

  it('check judges a band at every sweep point, and names the point that breaks it in the units written', () => {
    // Utilization is λ/(cμ): 2/3 with 3 servers, 1/3 with 6. The mean over both points, 0.5, lies in
    // the band; the 6-server point does not.
    const result = cli(['check', fixture('mmc-sweep-band.yaml'), '--workers', '2']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^check failed: utilization at servers=6, lambda=2\/s: mean 0\.3\d+ over 3 seeds is below the band's min 0\.45 \(band \[0\.45, 0\.74\]\)\n$/);
    const json = JSON.parse(cli(['check', fixture('mmc-sweep-band.yaml'), '--workers', '2', '--json']).stdout) as {
      passed: boolean;
      bands: { metric: string; holds: boolean; failing: { point: number; values: Record<string, string> }[] }[];
    };
    expect(json.passed).toBe(false);
    expect(json.bands).toMatchObject([{ metric: 'utilization', holds: false, failing: [{ point: 1, values: { servers: '6', lambda: '2/s' } }] }]);
  });

  it('compare pairs seeds and exits 1 only when a guarded metric worsens beyond its threshold', () => {
    const better = cli(['compare', fixture('mmc-small.yaml'), fixture('mmc-more-servers.yaml'), '--seeds', '10', '--workers', '2', '--json']);
    expect(better.status).toBe(0);
    const report = JSON.parse(better.stdout) as { runs: number; metrics: { metric: string; verdict: string; guarded: boolean; meanDifference: number }[] };
    expect(report.runs).toBe(10);
    const wait = report.metrics.find((m) => m.metric === 'meanWait')!;
    expect(wait).toMatchObject({ guarded: true, verdict: 'better' });
    // Erlang C: Wq falls from 4/9 to 0.0870 going from 3 to 4 servers at λ=2, μ=1.
    const erlang = report.metrics.find((m) => m.metric === 'erlangWq')!;
    expect(erlang.meanDifference).toBeCloseTo(0.08696 - 4 / 9, 4);

    const worse = cli(['compare', fixture('mmc-more-servers.yaml'), fixture('mmc-fewer-servers.yaml'), '--seeds', '10', '--workers', '2']);
    expect(worse.status).toBe(1);
    expect(worse.stdout).toMatch(/^meanWait \*.*worse beyond threshold$/m);
    expect(worse.stderr).toMatch(/^depin-lab: guarded metric meanWait worsens beyond its threshold \(difference 0\.3\d+\)\n$/);
  });

  it('schema prints the JSON Schema', () => {
    const result = cli(['schema']);
    expect(result.status).toBe(0);
    const schema = JSON.parse(result.stdout) as { $schema: string; oneOf: { properties: { model: { const: string } } }[] };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.oneOf.map((variant) => variant.properties.model.const)).toEqual(['market', 'mmc']);
  });
});

describe('check', () => {
  it('forces the invariants on at every block of a market scenario, over what the file or --set says', () => {
    const file = fixture('market.yaml');
    const loaded = loadScenario(file, { overrides: ['invariants.enabled=false', 'chain.blockTime=6s'] });
    if (!loaded.ok || loaded.scenario.model !== 'market') throw new Error('fixture did not load');
    expect(everyBlockOverrides(loaded.scenario)).toEqual(['invariants.enabled=true', 'invariants.interval=6']);
    const forced = loadScenario(file, { overrides: ['invariants.enabled=false', 'chain.blockTime=6s', ...everyBlockOverrides(loaded.scenario)] });
    expect(forced.ok && forced.scenario.model === 'market' && forced.scenario.invariants).toEqual({ enabled: true, interval: 6 });
  });

  it('leaves an M/M/c scenario alone: it has no blocks', () => {
    const loaded = loadScenario(fixture('mmc-small.yaml'));
    expect(loaded.ok && everyBlockOverrides(loaded.scenario)).toEqual([]);
  });
});

describe('sweep from the TypeScript sources', () => {
  it('finds the built worker and reports the sweep as JSON', async () => {
    const io = captureIo();
    const status = await main(['sweep', fixture('mmc-small.yaml'), '--workers', '2', '--out', out, '--json'], io);
    expect([status, io.err]).toEqual([0, '']);
    const report = JSON.parse(io.out) as { dir: string; total: number; executed: number; failed: unknown[] };
    expect(report).toEqual({ dir: expect.stringMatching(/cli-small\/[0-9a-f]{12}$/), total: 4, executed: 4, failed: [] });
  });
});

// loadScenario: extends chains with relative paths, dotted keys, overrides, cycles, and every bad
// input returned as problems (never thrown).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandRuns, formatProblem, loadScenario, type Scenario } from '../../sim/scenario/index.js';
import { loadText, writeScenarioFile } from './helpers.js';

const FIXTURES = 'test/scenario/fixtures';
const DAY = 86_400;

function load(file: string, overrides?: string[]): Scenario {
  const result = loadScenario(file, overrides ? { overrides } : {});
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.scenario;
}

function problemLines(file: string, overrides?: string[]): string[] {
  const result = loadScenario(file, overrides ? { overrides } : {});
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems.map(formatProblem);
}

function market(scenario: Scenario) {
  if (scenario.model !== 'market') throw new Error(`expected a market scenario, got ${scenario.model}`);
  return scenario;
}

describe('extends', () => {
  it('merges a three-file chain, each file over its parent, paths relative to each file', () => {
    const s = market(load(`${FIXTURES}/chain/root.yaml`));
    expect(s.duration).toBe(7 * DAY); // base
    expect(s.seed).toBe('fixture'); // base
    expect(s.market.kind).toBe('posted-price'); // base
    expect(s.providers.gpus).toBe(4); // mid over base
    expect(s.users.arrival.rate).toBeCloseTo(10 / 3_600, 15); // mid
    expect(s.providers.count).toBe(50); // root's dotted key over base
    expect(s.market.postedPrice.step).toBe(0.25); // root's dotted key
    expect(s.market.postedPrice.targetUtilization).toBe(0.8); // schema default
    expect(s.sweep.replicates).toBe(3); // base's sweep, merged with root's grid
  });

  it("replaces an inherited sweep block instead of adding the parent's axes", () => {
    expect(expandRuns(load(`${FIXTURES}/chain/mid/mid.yaml`))).toHaveLength(2 * 3);
    const root = load(`${FIXTURES}/chain/root.yaml`);
    expect(Object.keys(root.sweep.grid ?? {})).toEqual(['duration']);
    expect(expandRuns(root).map((run) => run.params['duration'])).toEqual([86_400, 86_400, 86_400, 172_800, 172_800, 172_800]);
  });

  it('reads an empty file as a scenario of defaults', () => {
    const result = loadText('# nothing but a comment\n');
    expect(result.ok && market(result.scenario).providers.count).toBe(200);
  });

  it('names a scenario after its file unless the file itself names it', () => {
    expect(load(`${FIXTURES}/chain/root.yaml`).name).toBe('root');
    expect(load(`${FIXTURES}/chain/mid/mid.yaml`).name).toBe('mid');
    expect(load(`${FIXTURES}/chain/root.json`).name).toBe('from-json');
  });

  it('loads JSON that extends YAML, and reports the same file relative to the working directory', () => {
    const result = loadScenario(resolve(`${FIXTURES}/chain/root.json`));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.file).toBe(`${FIXTURES}/chain/root.json`);
    expect(market(result.scenario).providers.count).toBe(60);
    expect(market(result.scenario).providers.gpus).toBe(4);
  });

  it('detects a file that extends itself', () => {
    expect(problemLines(`${FIXTURES}/self.yaml`)).toEqual([
      `${FIXTURES}/self.yaml: extends: expected a chain of files without a cycle, found ${FIXTURES}/self.yaml -> ${FIXTURES}/self.yaml`,
    ]);
  });
});

describe('overrides', () => {
  it('set fields after every file, as YAML values with units', () => {
    const s = market(load(`${FIXTURES}/chain/root.yaml`, ['providers.count=300', 'market.kind=intent-auction', 'users.arrival.rate=2/m', 'name=tweaked']));
    expect(s.providers.count).toBe(300);
    expect(s.market.kind).toBe('intent-auction');
    expect(s.users.arrival.rate).toBeCloseTo(2 / 60, 15);
    expect(s.name).toBe('tweaked');
  });

  it('can define a sweep on the command line, keyed by dotted path', () => {
    const s = load(`${FIXTURES}/base.yaml`, ['sweep.grid.providers.count=[10, 20, 30]', 'sweep.replicates=2']);
    const runs = expandRuns(s);
    expect(runs.map((run) => (run.params['providers'] as { count: number }).count)).toEqual([10, 10, 20, 20, 30, 30]);
  });

  it('can define random and Latin-hypercube samples on the command line', () => {
    const s = load(`${FIXTURES}/base.yaml`, [
      'sweep.replicates=1',
      'sweep.random.samples=4',
      'sweep.random.params.providers.gpus={min: 1, max: 8, integer: true}',
      'sweep.lhs.samples=3',
      'sweep.lhs.params.users.arrival.rate={min: 10/h, max: 40/h}',
    ]);
    const runs = expandRuns(s);
    expect(runs).toHaveLength(4 * 3);
    const gpus = runs.map((run) => (run.params['providers'] as { gpus: number }).gpus);
    expect(gpus.every((g) => Number.isInteger(g) && g >= 1 && g <= 8)).toBe(true);
  });

  it('win over the sweep: a --set on a swept path removes that axis, and says so in one line', () => {
    const yaml =
      'sweep:\n  grid:\n    security.contagion: [unique-stake, pooled, elastic]\n    providers.count: [10, 20]\n' +
      '  zip:\n    providers.failures.mtbf: [30d, 60d]\n    providers.failures.mttr: [12h, 6h]\n' +
      '  lhs:\n    samples: 3\n    params:\n      users.arrival.rate: { min: 10/h, max: 40/h }\n';
    const file = writeScenarioFile(yaml);
    const result = loadScenario(file, { overrides: ['security.contagion=elastic', 'providers.failures={mtbf: 90d}', 'users.arrival.rate=20/h'] });
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    expect(result.notices).toEqual([
      '--set security.contagion=elastic replaces the sweep over security.contagion (unique-stake, pooled, elastic) (sweep.grid)',
      '--set providers.failures={mtbf: 90d} replaces the sweep over providers.failures.mtbf (30d, 60d) (sweep.zip; its other lists stay)',
      '--set providers.failures={mtbf: 90d} replaces the sweep over providers.failures.mttr (12h, 6h) (sweep.zip; its other lists stay)',
      '--set users.arrival.rate=20/h replaces the sampled users.arrival.rate (sweep.lhs)',
    ]);
    const s = market(result.scenario);
    expect(s.sweep.grid).toEqual({ 'providers.count': [10, 20] });
    expect(s.sweep.zip).toBeUndefined();
    expect(s.sweep.lhs).toBeUndefined();
    const runs = expandRuns(s, { replicates: 1 });
    expect(runs.map((run) => (run.params['security'] as { contagion: string }).contagion)).toEqual(['elastic', 'elastic']);
    expect(runs.map((run) => (run.params['providers'] as { failures: { mtbf: number } }).failures.mtbf)).toEqual([90 * DAY, 90 * DAY]);
    // An override the sweep does not vary, or of the sweep itself, changes no axis.
    const untouched = loadScenario(file, { overrides: ['providers.gpus=4', 'sweep.grid.providers.count=[5]'] });
    expect(untouched.ok && untouched.notices).toEqual([]);
  });

  it('report a bad override against the command line, with a suggestion', () => {
    expect(problemLines(`${FIXTURES}/base.yaml`, ['providers.cuont=3'])).toEqual([
      'command line: providers.cuont: unknown key (expected one of count, gpus, gpuTypes, failures, bidding, costCv, withdrawInterval, cost, ...), found "cuont" — did you mean "count"?',
    ]);
    expect(problemLines(`${FIXTURES}/base.yaml`, ['providers.count'])).toEqual([
      'command line: providers.count: expected an override like providers.count=300, found "providers.count"',
    ]);
    expect(problemLines(`${FIXTURES}/base.yaml`, ['__proto__.polluted=1'])).toEqual([
      'command line: __proto__.polluted=1: expected an override like providers.count=300, found "__proto__.polluted=1"',
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(problemLines(`${FIXTURES}/base.yaml`, ['duration.days=3'])).toEqual([
      'command line: duration.days: expected a dotted path through mappings, found a value that is not a mapping at duration',
    ]);
  });

  it('report a bad overriding value against the command line, once per field', () => {
    expect(problemLines(`${FIXTURES}/chain/root.yaml`, ['providers.gpus=0'])).toEqual([
      'command line: providers.gpus: expected an integer >= 1, found 0',
    ]);
    expect(problemLines(`${FIXTURES}/chain/root.yaml`, ['providers.gpuTypes=[]'])).toEqual([
      'command line: providers.gpuTypes: expected a list of at least 1 item(s), found a list of 0 items',
    ]);
  });
});

describe('never throws on bad input', () => {
  it.each([
    [`${FIXTURES}/missing.yaml`, `${FIXTURES}/missing.yaml: (file): expected a readable scenario file, found no such file`],
    [`${FIXTURES}/chain.yaml`, `${FIXTURES}/chain.yaml: (file): expected a readable scenario file, found no such file`],
    [`${FIXTURES}/chain/mid.yml`, `${FIXTURES}/chain/mid.yml: (file): expected a readable scenario file, found no such file`],
    [`${FIXTURES}/notes.txt`, `${FIXTURES}/notes.txt: (file): expected a .yaml, .yml or .json scenario file, found ".txt"`],
    [FIXTURES, `${FIXTURES}: (file): expected a .yaml, .yml or .json scenario file, found "no extension"`],
  ])('%s', (file, line) => {
    expect(problemLines(file)).toEqual([line]);
  });
});

describe('defaults', () => {
  it('fill every section of an empty market file, in SI units', () => {
    const s = market(load(`${FIXTURES}/base.yaml`, []));
    expect(s.chain.blockTime).toBe(12);
    expect(s.chain.startBlock).toBe(20_000_000);
    expect(s.security.deallocationDelay).toBe(14 * DAY);
    expect(s.security.allocationConfigurationDelay).toBe(17.5 * DAY);
    expect(s.providers.gpuTypes.map((t) => t.name)).toEqual(['H100', 'A100', 'RTX4090']);
    expect(s.users.arrival.rate).toBeCloseTo(40 / 3_600, 15);
    expect(s.metrics.sampleInterval).toBe(3_600);
    expect(s.checks).toEqual({});
    expect(s.compare).toEqual({});
  });
});

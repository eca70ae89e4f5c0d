// Steps several commands share: loading a scenario, a worker pool that is always closed, the built
// files beside the CLI, and the plain-text output (JSON, aligned tables, numbers, failed runs).
import { readFileSync } from 'node:fs';
import { formatProblem, loadScenario, type Scenario } from '../scenario/index.js';
import type { RunResult } from '../scenario/runResult.js';
import type { Executor } from '../runner/executor.js';
import { PiscinaExecutor } from '../runner/piscinaExecutor.js';
import type { CliIo } from './command.js';

import { ScenarioError } from './scenarioError.js';

export { ScenarioError };

export function load(file: string, overrides: readonly string[] = []): Scenario {
  const loaded = loadScenario(file, { overrides: [...overrides] });
  if (!loaded.ok) throw new ScenarioError(loaded.problems.map(formatProblem));
  return loaded.scenario;
}

/** Whether this runs from the TypeScript source (tests) rather than the bundle dist/cli.mjs. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** The built worker sits beside the built CLI; from the TypeScript source, use the build's copy. */
export function workerFile(): URL {
  return new URL(FROM_SOURCE ? '../../dist/runner/worker.mjs' : './runner/worker.mjs', import.meta.url);
}

export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL(FROM_SOURCE ? '../../package.json' : '../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

export function pool(workers: number | undefined): Executor {
  return new PiscinaExecutor({ workerFile: workerFile(), workers });
}

export async function withExecutor<T>(executor: Executor, work: (executor: Executor) => Promise<T>): Promise<T> {
  try {
    return await work(executor);
  } finally {
    await executor.close();
  }
}

export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}

export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1e6 || Math.abs(value) < 1e-4 ? value.toExponential(4) : value.toPrecision(6);
}

export function describeFailure(result: RunResult): string {
  return `run ${result.id} (seed ${result.seed}) failed: ${result.error?.name ?? 'Error'}: ${result.error?.message ?? ''}`;
}

// Every file in malformed/ is a scenario with one kind of mistake. Its expected problem lines are
// stored beside it, written by hand: `# expect: <line>` comments at the top of a YAML file, or a
// <file>.expect sidecar for JSON (which has no comments). The test checks the exact lines, so a
// change to a message is a deliberate edit here, not an accident.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadScenario } from '../../sim/scenario/index.js';

const DIR = 'test/scenario/malformed';
const EXPECT = /^# expect: (.*)$/;

function expectedLines(file: string): string[] {
  const sidecar = `${file}.expect`;
  if (existsSync(sidecar)) return readFileSync(sidecar, 'utf8').split('\n').filter((line) => line !== '');
  const lines: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = EXPECT.exec(line);
    if (!match) break;
    lines.push(match[1] as string);
  }
  return lines;
}

const files = readdirSync(DIR)
  .filter((name) => /\.(ya?ml|json)$/.test(name))
  .sort();

describe('malformed scenarios', () => {
  it('has at least 20 cases, each with its expected lines', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const name of files) expect(expectedLines(join(DIR, name)), name).not.toEqual([]);
  });

  it.each(files)('%s gives exactly its expected problem lines', (name) => {
    const file = join(DIR, name);
    const result = loadScenario(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(formatProblem)).toEqual(expectedLines(file));
  });
});

// The lab's V8 flags are declared once (sim/runner/nodeFlags.ts), but a shebang and an npm script
// cannot import them: each is held here to the declaration, so that no way of starting the lab runs
// with other flags than the ones measured and documented.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../../sim/runner/nodeFlags.js';

/** The V8 flags (`--` options before the script) of a `node ...` command line. */
function nodeFlagsOf(commandLine: string): string[] {
  const words = commandLine.trim().split(/\s+/);
  const node = words.indexOf('node');
  if (node < 0) throw new Error(`no node in: ${commandLine}`);
  const flags: string[] = [];
  for (const word of words.slice(node + 1)) {
    if (!word.startsWith('--')) break;
    flags.push(word);
  }
  // --import and its module are how the bench loads TypeScript, not a V8 flag.
  return flags.filter((flag) => flag !== '--import');
}

describe('the V8 flags every way of starting the lab uses', () => {
  it.each(['bin/depin-lab.mjs', 'bin/reproduce.mjs'])('%s: its shebang', (file) => {
    const shebang = readFileSync(file, 'utf8').split('\n')[0]!;
    expect(shebang.startsWith('#!/usr/bin/env -S node ')).toBe(true);
    expect(nodeFlagsOf(shebang.slice('#!/usr/bin/env -S '.length))).toEqual(NODE_FLAGS);
  });

  it.each(['start', 'bench', 'reproduce'])('npm run %s', (script) => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    const command = scripts[script]!.split('&&').at(-1)!;
    expect(nodeFlagsOf(command)).toEqual(NODE_FLAGS);
  });
});

// The lab's V8 flags are declared once (sim/runner/nodeFlags.ts), but a shebang and an npm script
// cannot import them: each is held here to the declaration, so that no way of starting the lab runs
// with other flags than the ones measured and documented.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../../sim/runner/nodeFlags.js';

/** Node's options that take their value as the next word; only the loader is allowed (how the bench runs TypeScript). */
const LOADER_OPTIONS = new Set(['--import']);

/**
 * The options of a `node [options] script [arguments]` command line: every option up to the script,
 * whatever its position among them. The command must start with `node`: an environment assignment
 * (NODE_OPTIONS) or a wrapper before it would add flags this test cannot see.
 */
function nodeCommand(commandLine: string): { flags: string[]; script: string } {
  const [first, ...words] = commandLine.trim().split(/\s+/);
  if (first !== 'node') throw new Error(`does not start with node: ${commandLine}`);
  const flags: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('-')) return { flags, script: word };
    if (LOADER_OPTIONS.has(word)) i++;
    else if (word.startsWith('--import=')) continue;
    else flags.push(word);
  }
  throw new Error(`no script in: ${commandLine}`);
}

describe('the V8 flags every way of starting the lab uses', () => {
  it.each(['bin/depin-lab.mjs', 'bin/reproduce.mjs'])('%s: its shebang', (file) => {
    const shebang = readFileSync(file, 'utf8').split('\n')[0]!;
    expect(shebang.startsWith('#!/usr/bin/env -S node ')).toBe(true);
    // The kernel runs the shebang's command with the file's path after it.
    const command = nodeCommand(`${shebang.slice('#!/usr/bin/env -S '.length)} ${file}`);
    expect(command.script).toBe(file);
    expect(command.flags).toEqual(NODE_FLAGS);
  });

  it.each([
    ['start', 'bin/depin-lab.mjs'],
    ['bench', 'bench/kernel.ts'],
    ['reproduce', 'bin/reproduce.mjs'],
  ])('npm run %s', (script, file) => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    const command = nodeCommand(scripts[script]!.split('&&').at(-1)!);
    expect(command.script).toBe(file);
    expect(command.flags).toEqual(NODE_FLAGS);
  });
});

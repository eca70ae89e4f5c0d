// Tests that spawn the command line need dist/ built from the current sources. Builds only when a
// source under sim/ is newer than the bundles, and serialises concurrent test files on a lock
// directory so that one never reads a bundle another is halfway through writing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUNDLES = ['dist/cli.mjs', 'dist/runner/worker.mjs'];
const LOCK = '.cache/depin-lab-test-build.lock';
const STALE_LOCK_MS = 120_000;

function newestSource(dir: string): number {
  return readdirSync(dir).reduce((newest, name) => {
    const path = join(dir, name);
    const stat = statSync(path);
    return Math.max(newest, stat.isDirectory() ? newestSource(path) : stat.mtimeMs);
  }, 0);
}

function isStale(): boolean {
  if (!BUNDLES.every((file) => existsSync(file))) return true;
  const oldestBundle = Math.min(...BUNDLES.map((file) => statSync(file).mtimeMs));
  return newestSource('sim') > oldestBundle;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function ensureBuilt(): void {
  mkdirSync('.cache', { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock older than any build could take was left by a killed test process.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmdirSync(LOCK);
      sleep(100);
    }
  }
  try {
    if (isStale()) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'pipe' });
  } finally {
    rmdirSync(LOCK);
  }
}

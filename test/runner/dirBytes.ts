// Every file under a directory with its bytes, for asserting that two results directories match.
// The manifest's `invocations` say how each directory was made (the command line, with its
// --workers and --out), so they are left out: the results must match, not the commands.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export function directoryBytes(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(root, path)] = (name === 'manifest.json' ? withoutInvocations(path) : readFileSync(path)).toString('base64');
    }
  };
  walk(root);
  return files;
}

function withoutInvocations(path: string): Buffer {
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  delete manifest['invocations'];
  return Buffer.from(JSON.stringify(manifest));
}

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A hash over the contents of files and folders (skipping the given folder names). */
export function fingerprint(paths: string[], skip: string[] = ['node_modules', 'dist', '.tmp', '.cache']): string {
  const hash = createHash('sha256');
  const visit = (path: string, base: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (!skip.includes(name)) visit(join(path, name), base);
      }
      return;
    }
    hash.update(relative(base, path));
    hash.update(readFileSync(path));
  };
  for (const path of paths) visit(path, path);
  return hash.digest('hex');
}

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * A release written by difference: the previous release, hard-linked file by file (no bytes
 * copied, about a second for 30,000 files), with the files an incremental build rendered
 * moved over it and the files of vanished pages deleted.
 *
 * Hard links share their bytes with the previous release, which is live. So nothing here
 * writes INTO a file: a changed file is renamed over the link (the link goes, the live file
 * stays as it was) and a removed one is unlinked. Every other step in the pipeline keeps the
 * same rule (see the search index and precompression steps).
 */

/**
 * `cp -al previous incoming`: GNU cp links a tree of 30,000 files much faster than Node's fs.
 * It runs while the site builds, at low priority: at 3x it is 220,000 links, 8–16 s of the
 * kernel's time, which took a core from the build (the build waits for it at the end anyway).
 */
export async function linkTree(from: string, to: string): Promise<void> {
  if (existsSync(to)) throw new Error(`无法建立新版本：${to} 已存在`);
  mkdirSync(dirname(to), { recursive: true });
  const child = spawn('nice', ['-n', '19', 'cp', '-al', '--', from, to], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) {
    rmSync(to, { recursive: true, force: true });
    throw new Error(`无法从上一版本 ${from} 建立新版本（cp -al 退出码 ${code}）：${stderr.trim()}`);
  }
}

/** Every file under dir, as paths relative to it. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.push(relative(dir, join(entry.parentPath, entry.name)));
  }
  return files.sort();
}

/**
 * Moves every file of `from` (a build's output) to the same place under `to`, replacing what
 * is there by rename. Returns the relative paths moved.
 */
export function overlay(from: string, to: string): string[] {
  const moved = listFiles(from);
  const made = new Set<string>();
  for (const file of moved) {
    const target = join(to, file);
    const parent = dirname(target);
    if (!made.has(parent)) {
      // A page that became a folder's index (or the reverse) cannot keep the old entry.
      if (existsSync(parent) && !statSync(parent).isDirectory()) rmSync(parent, { force: true });
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    renameSync(join(from, file), target);
  }
  return moved;
}

/**
 * Deletes files of a release with their precompressed copies (precompress.ts), and the
 * folders they leave empty.
 */
export function removeFiles(root: string, files: string[]): string[] {
  const removed: string[] = [];
  for (const file of files) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    rmSync(path, { force: true });
    rmSync(`${path}.gz`, { force: true });
    rmSync(`${path}.br`, { force: true });
    removed.push(file);
    let dir = dirname(path);
    while (dir.startsWith(root) && dir !== root && readdirSync(dir).length === 0) {
      rmSync(dir, { recursive: true, force: true });
      dir = dirname(dir);
    }
  }
  return removed;
}

import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PublishLayout } from './releases.ts';

/**
 * After a rollback, automatic publishing stops: otherwise the next editor's publish would
 * build from the CMS and silently put back what was just rolled away. CMS events are then
 * not built (the running service builds them within seconds of resuming, service.ts
 * watchForResume); `npm run publisher -- resume` or an
 * explicit `npm run publisher -- build` ends the pause. A file, so every process agrees.
 */
export interface Pause {
  since: string;
  release: string;
  reason: string;
}

const file = (layout: PublishLayout) => join(layout.root, 'publish-paused.json');

export function readPause(layout: PublishLayout): Pause | null {
  const path = file(layout);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Pause;
  } catch {
    // A half-written file still means paused: say so rather than publish.
    return { since: '', release: '', reason: `${path} 无法读取` };
  }
}

export function pausePublishing(layout: PublishLayout, pause: Pause): void {
  const path = file(layout);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(pause, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** Ends the pause; returns whether there was one. */
export function resumePublishing(layout: PublishLayout): boolean {
  const path = file(layout);
  const was = existsSync(path);
  rmSync(path, { force: true });
  return was;
}

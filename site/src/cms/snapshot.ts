import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AstroIntegration } from 'astro';
import { siteEnv } from '../env.ts';
import { type ContentSnapshot, currentRecorder, type Recorder, SNAPSHOT_FILE } from './snapshot-file.ts';

/**
 * The snapshot file's text (a ContentSnapshot), put together from the answers' own text: each
 * is JSON the build's client parsed (a build whose answer was not JSON failed, and writes no
 * snapshot), so it goes in as it came instead of being parsed and serialised again.
 */
export function snapshotText(recorder: Recorder): string {
  const head: Omit<ContentSnapshot, 'responses'> = { version: 1, takenAt: recorder.takenAt, cmsUrl: recorder.cmsUrl };
  const parts = [...recorder.responses].map(([key, text]) => `${JSON.stringify(key)}:${text}`);
  return `${JSON.stringify(head).slice(0, -1)},"responses":{${parts.join(',')}}}`;
}

/**
 * Writes the snapshot when the whole build has succeeded. Each loader validates only its own
 * collection, and pages can still fail after all of them passed; only the end of the build
 * knows that this content made a complete site, so that is where the snapshot is decided.
 * Does nothing unless SITE_SNAPSHOT_DIR is set and this build read the CMS.
 */
export function cmsSnapshot(env: NodeJS.ProcessEnv = process.env): AstroIntegration {
  return {
    name: 'fulian:cms-snapshot',
    hooks: {
      'astro:build:done': ({ logger }) => {
        const dir = siteEnv(env).SITE_SNAPSHOT_DIR;
        const recorder = currentRecorder();
        if (!dir || !recorder || recorder.responses.size === 0) return;
        if (recorder.partial) {
          logger.info(`内容快照未更新：${recorder.partial}（快照只由完整读取 CMS 的构建写入）`);
          return;
        }
        mkdirSync(dir, { recursive: true });
        const file = join(dir, SNAPSHOT_FILE);
        // Written aside and renamed: a crash mid-write never leaves half a snapshot.
        const partial = `${file}.${process.pid}.partial`;
        writeFileSync(partial, snapshotText(recorder));
        renameSync(partial, file);
        logger.info(`内容快照已保存：${file}（${recorder.responses.size} 个请求，内容截至 ${recorder.takenAt}）`);
      },
    },
  };
}

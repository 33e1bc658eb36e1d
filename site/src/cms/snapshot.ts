import { closeSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AstroIntegration } from 'astro';
import { siteEnv } from '../env.ts';
import { type ContentSnapshot, currentRecorder, type Recorder, SNAPSHOT_FILE } from './snapshot-file.ts';

/**
 * Writes the snapshot file (a ContentSnapshot) from the answers' own text: each is JSON the
 * build's client parsed (a build whose answer was not JSON failed, and writes no snapshot),
 * so it goes in as it came instead of being parsed and serialised again. Written answer by
 * answer: at 3x the answers are 150 MB of text, and joining them first was a peak of its own
 * at the end of the build.
 */
export function writeSnapshotFile(file: string, recorder: Recorder): void {
  const head: Omit<ContentSnapshot, 'responses'> = { version: 1, takenAt: recorder.takenAt, cmsUrl: recorder.cmsUrl };
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, `${JSON.stringify(head).slice(0, -1)},"responses":{`);
    let first = true;
    for (const [key, text] of recorder.responses) {
      writeSync(fd, `${first ? '' : ','}${JSON.stringify(key)}:`);
      writeSync(fd, text);
      first = false;
    }
    writeSync(fd, '}}');
  } finally {
    closeSync(fd);
  }
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
        writeSnapshotFile(partial, recorder);
        renameSync(partial, file);
        logger.info(`内容快照已保存：${file}（${recorder.responses.size} 个请求，内容截至 ${recorder.takenAt}）`);
      },
    },
  };
}

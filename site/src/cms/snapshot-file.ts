import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The last good content: every answer the CMS gave one build, by path and query, exactly as
 * Strapi returned it. A build from it runs the same validation and templates as a build from
 * the CMS, so an operator can rebuild the site (after a template change, say) while the CMS
 * is down. It is written only by a build that finished: see cmsSnapshot() in snapshot.ts.
 */
export interface ContentSnapshot {
  version: 1;
  /** When the build started reading the CMS: the content is as of this moment. */
  takenAt: string;
  /** The CMS the answers came from; cover images are cached under its address. */
  cmsUrl: string;
  /** Path and query (e.g. `/api/trainings?fields…`) → the parsed JSON body. */
  responses: Record<string, unknown>;
}

export const SNAPSHOT_FILE = 'content-snapshot.json';

// The content loaders run in Vite's module graph and the integration in the config's, so they
// see different copies of this module; the one process-wide place they share is globalThis.
const RECORDER = Symbol.for('fulian.cms.snapshot-recorder');

export interface Recorder {
  takenAt: string;
  cmsUrl: string;
  /**
   * Path and query → the answer's text, as the CMS sent it. Kept as text, not parsed: the
   * client parses it once for the build, and the snapshot is written from the text (at 1x,
   * parsing it again and keeping both copies cost half a second and 100 MB of heap).
   */
  responses: Map<string, string>;
  /**
   * Set when a loader read only what changed (a delta read, see sync.ts): the answers are not
   * the whole content, so this build keeps the last snapshot as it is.
   */
  partial?: string;
}

type WithRecorder = { [RECORDER]?: Recorder };

/** What this build has recorded so far, if it records. */
export function currentRecorder(): Recorder | undefined {
  return (globalThis as WithRecorder)[RECORDER];
}

function pathAndQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

/**
 * A fetch that remembers every successful JSON answer for the snapshot. Recording starts with
 * the first client made, so the snapshot's time is the start of the build's pull.
 */
export function recordingFetch(inner: typeof fetch, cmsUrl: string): typeof fetch {
  const holder = globalThis as WithRecorder;
  holder[RECORDER] ??= { takenAt: new Date().toISOString(), cmsUrl, responses: new Map() };
  const recorder = holder[RECORDER];
  return async (input, init) => {
    const response = await inner(input, init);
    if (response.ok) {
      // Not JSON: the client fails the build on it, and a failed build writes no snapshot.
      recorder.responses.set(pathAndQuery(String(input)), await response.clone().text());
    }
    return response;
  };
}

/** Marks this build's answers as less than the whole content: no snapshot is written from them. */
export function markRecordingPartial(why: string): void {
  const recorder = currentRecorder();
  if (recorder) recorder.partial ??= why;
}

export function readSnapshot(dir: string): ContentSnapshot {
  const file = join(dir, SNAPSHOT_FILE);
  if (!existsSync(file)) {
    throw new Error(`没有内容快照：${file} 不存在。快照在每次从 CMS 成功构建后写入（需设置 SITE_SNAPSHOT_DIR）。`);
  }
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as Partial<ContentSnapshot>;
  if (snapshot.version !== 1 || typeof snapshot.takenAt !== 'string' || typeof snapshot.responses !== 'object') {
    throw new Error(`内容快照 ${file} 的格式无法识别（version ${String(snapshot.version)}）：请从 CMS 重新构建一次。`);
  }
  return snapshot as ContentSnapshot;
}

/**
 * The snapshot's head (version, takenAt, cmsUrl) without reading its answers: the file starts
 * with them (writeSnapshotFile). For the status page and the reconciler, which need only its
 * date: parsing the whole file (190 MB at 3x) held the publish service's thread for a second.
 * A file that does not start that way is read whole.
 */
export function readSnapshotHead(dir: string): Omit<ContentSnapshot, 'responses'> {
  const file = join(dir, SNAPSHOT_FILE);
  if (!existsSync(file)) return readSnapshot(dir); // throws, naming the file
  const fd = openSync(file, 'r');
  let start: string;
  try {
    const buffer = Buffer.alloc(4096);
    start = buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0));
  } finally {
    closeSync(fd);
  }
  const end = start.indexOf(',"responses":');
  try {
    const head = end > 0 ? (JSON.parse(`${start.slice(0, end)}}`) as Partial<ContentSnapshot>) : undefined;
    if (head?.version === 1 && typeof head.takenAt === 'string') {
      return { version: 1, takenAt: head.takenAt, cmsUrl: String(head.cmsUrl ?? '') };
    }
  } catch {
    // Not the layout writeSnapshotFile makes: the whole read below says what is wrong.
  }
  const { responses: _, ...head } = readSnapshot(dir);
  return head;
}

/** A fetch that answers from the snapshot only, and names any request it has no answer for. */
export function replayFetch(snapshot: ContentSnapshot): typeof fetch {
  return async (input) => {
    const key = pathAndQuery(String(input));
    if (!(key in snapshot.responses)) {
      throw new Error(
        `内容快照（截至 ${snapshot.takenAt}）中没有这个请求：${decodeURIComponent(key)}。` +
          '查询在快照之后改过，需在 CMS 可用时从 CMS 构建一次。',
      );
    }
    return new Response(JSON.stringify(snapshot.responses[key]), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  };
}

/** 3 小时 12 分钟 — how old a snapshot is, for the operator. */
export function describeAge(takenAt: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(takenAt)) / 60_000));
  if (minutes < 1) return '不到 1 分钟';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days && `${days} 天`, hours && `${hours} 小时`, rest && `${rest} 分钟`].filter(Boolean).join(' ');
}

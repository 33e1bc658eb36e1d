import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_TYPES, restPathOf } from '@fulian/shared-types/model';
import { readSnapshotHead } from '@fulian/site/snapshot';
import type { PublishConfig } from './config.ts';
import { liveRelease, type PublishLayout } from './releases.ts';

/**
 * Catches publishes the service missed: while it was down (or restarting) Strapi's webhook
 * calls went nowhere, and the site would stay behind until the next edit. At start and every
 * few minutes it asks the CMS, with the build token, for each type's number of published
 * documents and latest publishedAt, and compares:
 * - with the live content's snapshot: anything published after the snapshot was taken is
 *   missing from the site;
 * - with what it saw last time the live release was current: a count or date that moved
 *   since, with no new release, is a publish, unpublish or delete nobody built.
 * Either way it asks for one build, which coalesces with any already waiting.
 */

// Every type the site publishes, by its REST path, from the content model.
const COLLECTIONS = CONTENT_TYPES.filter((t) => t.kind === 'collectionType').map(restPathOf);
const SINGLES = CONTENT_TYPES.filter((t) => t.kind === 'singleType').map(restPathOf);
const STATE_FILE = 'reconcile-state.json';

export interface ReconcileResult {
  checkedAt: string;
  outcome: 'current' | 'stale' | 'no live release' | 'cms unreachable';
  reason?: string;
}

type Fingerprint = Record<string, { total: number; latest: string | null }>;

async function fingerprint(config: PublishConfig): Promise<Fingerprint> {
  const get = async (path: string) => {
    const response = await fetch(`${config.cmsUrl}${path}`, {
      headers: { Authorization: `Bearer ${config.buildToken}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`GET ${path}：HTTP ${response.status}`);
    return (await response.json()) as { data: { publishedAt?: string | null } | { publishedAt?: string | null }[]; meta?: any };
  };
  const result: Fingerprint = {};
  for (const path of COLLECTIONS) {
    const body = await get(`/api/${path}?sort=publishedAt:desc&pagination[pageSize]=1&fields[0]=publishedAt`);
    const rows = (body?.data ?? []) as { publishedAt?: string | null }[];
    result[path] = { total: Number(body?.meta?.pagination?.total ?? 0), latest: rows[0]?.publishedAt ?? null };
  }
  for (const path of SINGLES) {
    const body = await get(`/api/${path}`);
    const row = body?.data as { publishedAt?: string | null; updatedAt?: string | null } | undefined;
    result[path] = { total: row ? 1 : 0, latest: row?.updatedAt ?? row?.publishedAt ?? null };
  }
  return result;
}

interface State {
  release: string;
  fingerprint: Fingerprint;
}

function readState(file: string): State | null {
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as State) : null;
  } catch {
    return null;
  }
}

function writeState(file: string, state: State): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(state));
  renameSync(`${file}.tmp`, file);
}

/** One comparison; `requestBuild` is called when the live site is behind the CMS. */
export async function reconcileOnce(
  config: PublishConfig,
  layout: PublishLayout,
  requestBuild: (reason: string) => void,
): Promise<ReconcileResult> {
  const checkedAt = new Date().toISOString();
  const release = liveRelease(layout);
  if (!release) return { checkedAt, outcome: 'no live release' };
  let current: Fingerprint;
  try {
    current = await fingerprint(config);
  } catch (error) {
    return { checkedAt, outcome: 'cms unreachable', reason: error instanceof Error ? error.message : String(error) };
  }
  const stateFile = join(config.dir, STATE_FILE);
  const state = readState(stateFile);
  let reason: string | undefined;
  if (state?.release === release) {
    const moved = Object.keys(current).filter((k) => JSON.stringify(current[k]) !== JSON.stringify(state.fingerprint[k]));
    if (moved.length > 0) reason = `CMS 中 ${moved.join('、')} 有发布、撤下或删除，网站尚未更新`;
  } else {
    let takenAt: string | null = null;
    try {
      takenAt = readSnapshotHead(layout.snapshot).takenAt;
    } catch {
      takenAt = null;
    }
    const newer = Object.entries(current).filter(([, v]) => v.latest && (!takenAt || v.latest > takenAt));
    if (newer.length > 0) {
      reason = `CMS 中 ${newer.map(([k, v]) => `${k}（${v.latest}）`).join('、')} 晚于线上内容${takenAt ? `（截至 ${takenAt}）` : ''}`;
    }
  }
  if (reason) {
    requestBuild(reason);
    return { checkedAt, outcome: 'stale', reason };
  }
  writeState(stateFile, { release, fingerprint: current });
  return { checkedAt, outcome: 'current' };
}

/** Checks at once and then every intervalMs; stop() ends it. */
export function startReconciler(
  config: PublishConfig,
  layout: PublishLayout,
  requestBuild: (reason: string) => void,
  intervalMs: number,
): { last(): ReconcileResult | null; stop(): void; check(): Promise<ReconcileResult> } {
  let last: ReconcileResult | null = null;
  let running: Promise<ReconcileResult> | null = null;
  const check = () => {
    running ??= reconcileOnce(config, layout, requestBuild).then((result) => {
      last = result;
      running = null;
      return result;
    });
    return running;
  };
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  void check();
  return { last: () => last, stop: () => clearInterval(timer), check };
}

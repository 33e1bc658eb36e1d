import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { news, restPathOf } from '@fulian/shared-types/model';
import { ROOT } from '@fulian/tooling/paths';
import { type Measured, measure } from './measure.ts';

const NEWS = restPathOf(news);

/**
 * The Hugo side of the comparison: the documents the site pulled over REST, written as
 * Markdown files with JSON front matter into a Hugo project built from scripts/bench/hugo-site,
 * then rendered by Debian's `hugo`. Export time is reported on its own; the build is timed
 * exactly like the Astro builds.
 */

export const HUGO_TEMPLATE = join(ROOT, 'scripts', 'bench', 'hugo-site');

type Doc = Record<string, any>;

export interface Pulled {
  /** REST path of each collection → its documents, as the site's queries return them. */
  collections: Record<string, Doc[]>;
  singles: Record<string, Doc>;
}

export function hugoVersion(): string | undefined {
  const result = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * Makes sure Debian's hugo is installed: installs it with apt when missing and allowed (root),
 * says so, and returns its version; undefined when it can't be had.
 */
export function ensureHugo(install: boolean, log: (line: string) => void): string | undefined {
  const version = hugoVersion();
  if (version || !install) return version;
  if (process.getuid?.() !== 0) {
    log(
      'Hugo is not installed and this is not root, so apt cannot install it: the Hugo comparison is skipped (apt-get install -y hugo)',
    );
    return undefined;
  }
  log("Hugo is not installed: installing Debian's hugo package (apt-get install -y hugo)…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const installed = spawnSync('apt-get', ['install', '-y', '-qq', 'hugo'], { stdio: 'inherit', env });
  if (installed.status !== 0) {
    log('apt-get install hugo failed: the Hugo comparison is skipped');
    return undefined;
  }
  return hugoVersion();
}

/** Hugo lower-cases front matter keys; writing them lower-case keeps templates honest. */
function lower(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lower);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toLowerCase(), lower(v)]));
  }
  return value;
}

function page(file: string, front: Doc, body = ''): { file: string; text: string } {
  return { file, text: `${JSON.stringify(lower(front), null, 1)}\n\n${body ?? ''}\n` };
}

const cover = (doc: Doc) =>
  doc.cover
    ? { url: doc.cover.url, alternativeText: doc.cover.alternativeText, width: doc.cover.width, height: doc.cover.height }
    : undefined;

/** Writes the Hugo project for these documents; returns its size. */
export function exportForHugo(pulled: Pulled, uploadsDir: string, dir: string): { files: number; bytes: number } {
  rmSync(dir, { recursive: true, force: true });
  cpSync(HUGO_TEMPLATE, dir, { recursive: true });
  const c = pulled.collections;
  const settings = Object.values(pulled.singles)[0] ?? {};
  const pages: { file: string; text: string }[] = [];

  pages.push(page('_index.md', { title: settings.siteName ?? '首页' }));
  pages.push(page('news/_index.md', { title: '新闻动态' }));
  for (const n of c[NEWS] ?? []) {
    pages.push(
      page(
        `news/${n.slug}.md`,
        {
          title: n.title,
          slug: n.slug,
          date: n.date,
          summary: n.summary,
          source: n.source,
          categories: n.category ? [n.category.name] : [],
          archives: [String(n.date).slice(0, 4), String(n.date).slice(0, 7)],
          cover: cover(n),
        },
        n.body,
      ),
    );
  }
  const months = new Set((c[NEWS] ?? []).flatMap((n) => [String(n.date).slice(0, 4), String(n.date).slice(0, 7)]));
  for (const term of months) {
    const title = term.length === 4 ? `${term}年` : `${term.slice(0, 4)}年${Number(term.slice(5))}月`;
    pages.push(page(`archives/${term}/_index.md`, { title, slug: term.replace('-', '/') }));
  }
  for (const category of c.categories ?? []) {
    pages.push(page(`categories/${category.name}/_index.md`, { title: category.name, slug: category.slug }));
  }

  pages.push(page('trainings/_index.md', { title: '培训' }));
  for (const t of c.trainings ?? []) {
    pages.push(
      page(
        `trainings/${t.slug}.md`,
        {
          title: t.title,
          slug: t.slug,
          date: t.startDate,
          startDate: t.startDate,
          endDate: t.endDate,
          venue: t.venue,
          host: t.host,
          participantCount: t.participantCount,
          audience: t.audience,
          organisers: t.organisers,
          courses: t.courses,
          summary: t.summary,
          cover: cover(t),
        },
        t.body,
      ),
    );
  }

  pages.push(page('lectures/_index.md', { title: '讲座' }));
  for (const l of c.lectures ?? []) {
    pages.push(
      page(
        `lectures/${l.slug}.md`,
        {
          title: l.title,
          slug: l.slug,
          date: l.startsAt,
          venue: l.venue,
          speakers: l.speakers,
          organisers: l.organisers,
          series: l.series ? [l.series.name] : [],
          audience: l.audience,
          attendance: l.attendance,
          summary: l.summary,
          cover: cover(l),
        },
        l.body,
      ),
    );
  }
  for (const s of c['lecture-series-list'] ?? []) {
    pages.push(page(`series/${s.name}/_index.md`, { title: s.name, slug: s.slug, plannedCount: s.plannedCount }, s.description));
  }

  pages.push(page('relief/_index.md', { title: '救助' }));
  for (const p of c['relief-programmes'] ?? []) {
    pages.push(page(`relief/${p.slug}/_index.md`, { title: p.name, eligibility: p.eligibility }, p.description));
  }
  for (const b of c['relief-batches'] ?? []) {
    pages.push(
      page(
        `relief/${b.programme?.slug}/${b.slug}.md`,
        {
          title: b.title,
          date: b.disbursementDate,
          year: b.year,
          batchNumber: b.batchNumber,
          disbursementDate: b.disbursementDate,
          amount: b.amount,
          recipientCount: b.recipientCount,
          byDistrict: b.byDistrict,
          byAgeBand: b.byAgeBand,
          byCancerType: b.byCancerType,
          summary: b.summary,
        },
        b.body ?? '',
      ),
    );
  }

  let bytes = 0;
  const made = new Set<string>();
  for (const p of pages) {
    const path = join(dir, 'content', p.file);
    const folder = join(path, '..');
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    writeFileSync(path, p.text);
    bytes += Buffer.byteLength(p.text);
  }
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'data', 'site.json'), JSON.stringify(lower(settings)));
  if (existsSync(uploadsDir)) cpSync(uploadsDir, join(dir, 'static', 'uploads'), { recursive: true });
  return { files: pages.length, bytes };
}

/** One cold Hugo build (no resources cache, empty destination). */
export async function buildHugo(dir: string, outDir: string, logFile: string): Promise<Measured> {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(join(dir, 'resources'), { recursive: true, force: true });
  const result = await measure('hugo', ['--source', dir, '--destination', outDir, '--ignoreCache', '--quiet'], {
    cwd: dir,
    logFile,
  });
  if (result.exitCode !== 0)
    throw new Error(`hugo failed (exit ${result.exitCode}). Log ${logFile}:\n${result.output.slice(-3000)}`);
  return result;
}

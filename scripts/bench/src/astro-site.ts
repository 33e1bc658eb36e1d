import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { siteBuildCommand } from '@fulian/site/build';
import { ROOT, SITE_DIR } from '@fulian/tooling/paths';
import { type Measured, measure } from './measure.ts';

/**
 * The site the benchmark builds: the working tree's site/ by default, or the site/ of a git
 * commit (`--site HEAD`) extracted next to the run, for figures that name an exact version
 * while others edit the tree. Either way it builds with site/node_modules.
 */
export interface SiteTree {
  root: string;
  /** e.g. `worktree 1a2b3c4 (site/ modified)` or `HEAD 1a2b3c4`. */
  label: string;
}

function git(args: string[]): string {
  return execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8' }).trim();
}

/** With `copy`, a working-tree site is copied out too, so that it may be changed. */
export function siteTree(ref: string | undefined, workDir: string, copy = false): SiteTree {
  if (!ref || ref === 'worktree') {
    const commit = git(['rev-parse', '--short', 'HEAD']);
    const dirty = git(['status', '--porcelain', '--', 'site']) !== '';
    const label = `worktree ${commit}${dirty ? ' (site/ has uncommitted changes)' : ''}`;
    if (!copy) return { root: SITE_DIR, label };
    const dir = join(workDir, 'site-tree');
    rmSync(dir, { recursive: true, force: true });
    cpSync(SITE_DIR, join(dir, 'site'), {
      recursive: true,
      filter: (src) => !/[/\\](node_modules|dist|\.astro)$/.test(src),
    });
    copyFileSync(join(ROOT, 'tsconfig.base.json'), join(dir, 'tsconfig.base.json'));
    symlinkSync(join(SITE_DIR, 'node_modules'), join(dir, 'site', 'node_modules'), 'dir');
    return { root: join(dir, 'site'), label };
  }
  const commit = git(['rev-parse', '--short', `${ref}^{commit}`]);
  const dir = join(workDir, 'site-tree');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = spawnSync('sh', [
    '-c',
    `git -C "$1" archive --format=tar "$2" site tsconfig.base.json | tar -x -C "$3"`,
    'sh',
    ROOT,
    commit,
    dir,
  ]);
  if (archive.status !== 0) throw new Error(`git archive ${ref} failed: ${archive.stderr.toString()}`);
  symlinkSync(join(SITE_DIR, 'node_modules'), join(dir, 'site', 'node_modules'), 'dir');
  return { root: join(dir, 'site'), label: `${ref} ${commit}` };
}

export async function buildAstroSite(
  root: string,
  options: { cmsUrl: string; token: string; siteUrl: string; outDir: string; cacheDir: string; logFile: string },
): Promise<Measured> {
  // The site's own launch (the command and variables every other build uses), under measure().
  const { command, args, cwd, env } = siteBuildCommand({
    root,
    cmsUrl: options.cmsUrl,
    buildToken: options.token,
    siteUrl: options.siteUrl,
    outDir: options.outDir,
    cacheDir: options.cacheDir,
  });
  const result = await measure(command, args, { cwd, logFile: options.logFile, env });
  if (result.exitCode !== 0) {
    throw new Error(`astro build failed (exit ${result.exitCode}). Log ${options.logFile}:\n${result.output.slice(-4000)}`);
  }
  return result;
}

export interface Phase {
  name: string;
  seconds: number;
  /** The highest resident memory of the build's process tree seen during the phase. */
  peakRssBytes: number;
}

/**
 * Where a build's time went, from the moments Astro's log lines arrived: starting up and
 * syncing content (the REST pull, validation, Markdown), bundling, rendering pages, encoding
 * images, and what follows (sitemap, integrations). Phases Astro did not print are left out.
 */
export function astroPhases({ lines, samples, wallSeconds }: Pick<Measured, 'lines' | 'samples' | 'wallSeconds'>): Phase[] {
  // Searched in order of the log (lines of one output chunk share a time).
  const index = (pattern: RegExp, from = 0) => {
    for (let i = Math.max(0, from); i < lines.length; i++) if (pattern.test(lines[i]?.text ?? '')) return i;
    return -1;
  };
  const at = (i: number) => (i < 0 ? undefined : lines[i]?.at);
  const synced = index(/\[content\] Synced content/);
  const routes = index(/generating static routes/, synced);
  const images = index(/generating optimized images/, routes);
  const pagesDone = routes < 0 ? -1 : index(/Completed in/, routes);
  const imagesDone = images < 0 ? -1 : index(/Completed in/, images);
  const after = Math.max(imagesDone, pagesDone, 0);
  const sitemap = index(/sitemap/i, after);
  // A search-index step of the site's own names Pagefind in its last line (Astro may also
  // print "Waiting for integration …pagefind…" while it runs, hence the last line).
  let searchDone = -1;
  for (let i = lines.length - 1; i > after; i--) {
    if (/pagefind/i.test(lines[i]?.text ?? '')) {
      searchDone = i;
      break;
    }
  }
  const marks: { name: string; at: number | undefined }[] = [
    { name: 'start-up and content sync (REST pull, validation, Markdown)', at: at(synced) },
    { name: 'bundling (vite)', at: at(routes) },
    { name: 'rendering pages', at: at(pagesDone) },
    { name: 'encoding images (AVIF/WebP/fallbacks)', at: at(imagesDone) },
    { name: 'sitemap', at: at(sitemap) },
  ];
  if (searchDone >= 0) marks.push({ name: 'search index (the site’s Pagefind step)', at: at(searchDone) });
  marks.push({ name: 'other integrations, finishing', at: wallSeconds });
  const phases: Phase[] = [];
  let previous = 0;
  for (const mark of marks) {
    if (mark.at === undefined || mark.at < previous) continue;
    const from = previous;
    const to = mark.at;
    const peak = samples.filter((s) => s.at >= from && s.at <= to).reduce((max, s) => Math.max(max, s.rss), 0);
    phases.push({ name: mark.name, seconds: to - from, peakRssBytes: peak });
    previous = mark.at;
  }
  return phases;
}

/**
 * How many image files the build used, and how many of those were already encoded: the image
 * store's line at the end of the build (site/src/images/integration.ts), e.g.
 * `图片：新编码 0，复用 2726（下载原图 0）`.
 */
export function imagesEncoded(output: string): { total: number; reused: number } {
  const match = /图片：新编码 (\d+)，复用 (\d+)/.exec(output);
  if (!match) return { total: 0, reused: 0 };
  return { total: Number(match[1]) + Number(match[2]), reused: Number(match[2]) };
}

/** `[build] 12345 page(s) built in 61.2s` → 12345. */
export function pagesBuilt(output: string): number | undefined {
  const match = /(\d+) page\(s\) built in/.exec(output);
  return match ? Number(match[1]) : undefined;
}

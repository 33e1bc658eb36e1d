import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The fixes docs/benchmarks.md proposes for the targets the site misses, in files the
 * benchmark does not own. `npm run bench -- --proposed-fixes` applies them to an extracted
 * copy of the site (never to the working tree) and serves uploads the way the CMS fix would
 * (see cms-proxy.ts), so each proposal is measured end to end before anyone adopts it.
 * A fix whose anchor text is gone fails loudly: the proposal then needs a fresh look.
 */
export interface ProposedFix {
  file: string;
  what: string;
  /** Text that shows the site already has the fix (it is then left as it is). */
  present: RegExp;
  anchor: string;
  replacement: string;
}

export const SITE_FIXES: ProposedFix[] = [
  {
    file: 'astro.config.ts',
    what: 'AVIF at sharp effort 2 instead of 4 (about 10× less CPU for the same size, see image-probe.ts)',
    present: /avif:\s*\{\s*effort:\s*[0-3]\b/,
    anchor: '  image: {\n',
    replacement: "  image: {\n    service: { entrypoint: 'astro/assets/services/sharp', config: { avif: { effort: 2 } } },\n",
  },
  {
    file: 'src/components/CoverImage.astro',
    what: 'JPEG instead of PNG for the <Picture> fallback <img> (PNG fallbacks are 1.5–2.5 MB per cover)',
    present: /fallbackFormat=/,
    anchor: "  formats={['avif', 'webp']}\n",
    replacement: "  formats={['avif', 'webp']}\n  fallbackFormat=\"jpg\"\n",
  },
];

/** The CMS fix, applied by the proxy rather than to a file. */
export const CMS_FIX =
  'uploads served with Cache-Control: public, max-age=31536000, immutable and 304 on revalidation (cms/config/plugins.ts: upload.config.providerOptions.localServer = { maxage: 31536000000, immutable: true })';

export function applySiteFixes(siteRoot: string): string[] {
  const applied: string[] = [];
  for (const fix of SITE_FIXES) {
    const path = join(siteRoot, fix.file);
    const text = readFileSync(path, 'utf8');
    if (fix.present.test(text)) {
      applied.push(`site/${fix.file}: already in the site: ${fix.what}`);
      continue;
    }
    if (!text.includes(fix.anchor)) {
      throw new Error(`the proposed fix for site/${fix.file} (${fix.what}) no longer applies: "${fix.anchor.trim()}" is gone`);
    }
    writeFileSync(path, text.replace(fix.anchor, fix.replacement));
    applied.push(`site/${fix.file}: ${fix.what}`);
  }
  return applied;
}

/**
 * Takes the site's search step out of a copy of the site (`--without-search`), for scales at
 * which Pagefind would not fit in memory: every other figure can still be measured.
 */
export function removeSearchStep(siteRoot: string): string {
  const path = join(siteRoot, 'astro.config.ts');
  const text = readFileSync(path, 'utf8');
  const call = /\bpagefindIndex\(\),?\s*/;
  if (!call.test(text)) throw new Error('--without-search: site/astro.config.ts no longer calls pagefindIndex()');
  writeFileSync(path, text.replace(call, ''));
  return 'site/astro.config.ts: the Pagefind integration removed';
}

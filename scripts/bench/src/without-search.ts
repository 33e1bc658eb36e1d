import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

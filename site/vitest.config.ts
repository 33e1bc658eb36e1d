/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { getViteConfig } from 'astro/config';

// Components rendered by Astro's Container API need Astro's Vite plugins (the .astro compiler);
// the root vitest config runs this as the project `site-components`. astro:content is mocked in
// each test, so nothing here reads the CMS. The site's folder is the root wherever vitest starts.
const root = fileURLToPath(new URL('.', import.meta.url));

export default getViteConfig(
  {
    root,
    test: {
      name: 'site-components',
      root,
      include: ['test/**/*.container.test.ts'],
    },
  },
  { root },
);

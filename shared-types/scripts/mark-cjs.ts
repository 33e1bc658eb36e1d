import { writeFileSync } from 'node:fs';

// The package is "type": "module"; this marks the compiled dist/cjs tree as CommonJS so
// Node (and Strapi's require) loads it as such.
writeFileSync(new URL('../dist/cjs/package.json', import.meta.url), '{ "type": "commonjs" }\n');

/**
 * The CommonJS build of the rules and the model (dist/cjs), which the CMS requires at run
 * time: Strapi loads its server code as CommonJS. ESM users read the TypeScript sources.
 * Run on install (the package's `prepare`) and by the CMS build when these sources changed.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.cjs.json'], { cwd: root, stdio: 'inherit' });
// The package is "type": "module"; this marks the compiled tree as CommonJS for Node.
writeFileSync(new URL('../dist/cjs/package.json', import.meta.url), '{ "type": "commonjs" }\n');

// `npm run test:deploy`: the shipped production setup (deploy/) with Debian's nginx, the real
// Astro build and chromium. Run by .ci/run after `npm test`; needs nginx,
// libnginx-mod-http-brotli-static and libnginx-mod-http-js
// (apt-get install -y nginx libnginx-mod-http-brotli-static libnginx-mod-http-js).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { ROOT } from './src/paths.ts';

const child = spawn(
  join(ROOT, 'node_modules/.bin/vitest'),
  ['run', '--config', 'scripts/tooling/vitest.deploy.config.ts', ...process.argv.slice(2)],
  { cwd: ROOT, stdio: 'inherit' },
);
const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
process.exit(signal ? 1 : (code ?? 1));

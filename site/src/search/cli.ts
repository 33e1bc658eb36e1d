import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { indexSite } from './index.ts';

// node site/src/search/cli.ts --out dist --work DIR [--full] [--changed PATH …] [--removed PATH …]
// Prints the report as JSON on stdout; progress goes to stderr.
const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    work: { type: 'string' },
    full: { type: 'boolean', default: false },
    changed: { type: 'string', multiple: true },
    removed: { type: 'string', multiple: true },
    concurrency: { type: 'string' },
    'pages-per-shard': { type: 'string' },
  },
});
if (!values.out || !values.work) {
  console.error(
    '用法：node site/src/search/cli.ts --out <站点目录> --work <索引工作目录> [--full] [--changed 页面…] [--removed 页面…]',
  );
  process.exit(2);
}
const report = await indexSite({
  outDir: resolve(values.out),
  workDir: resolve(values.work),
  full: values.full,
  changedPages: values.changed,
  removedPages: values.removed,
  concurrency: values.concurrency ? Number(values.concurrency) : undefined,
  pagesPerShard: values['pages-per-shard'] ? Number(values['pages-per-shard']) : undefined,
  log: (line) => console.error(line),
});
console.log(JSON.stringify(report, null, 2));

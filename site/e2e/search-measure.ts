import {
  cpSync,
  createReadStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import { launchChromium } from '@fulian/testkit/browser';
import { buildDemoSite } from '@fulian/testkit/demo-site';
import { freePort } from '@fulian/tooling/processes';
import { type IndexSiteReport, indexSite } from '../src/search/index.ts';
import { writeCorpusPages } from './search-corpus.ts';

/**
 * Measures the sharded search index on the demo site plus the benchmark corpus's documents
 * written as pages (search-corpus.ts), without Strapi for the corpus:
 * - indexing: per shard, pages, time and peak memory of its Pagefind process; then one edit;
 * - the first search: bytes transferred in chromium for the search page opened with a query,
 *   cold cache, served the way nginx serves the site (text gzipped, Pagefind's own files as
 *   they are: they are compressed already).
 *
 *   node site/e2e/search-measure.ts [--scale 1] [--pages-per-shard 1000] [--concurrency 2]
 *        [--query 家庭教育 …] [--dist <the demo site: built there if missing, reused if present>] [--verbose]
 *        [--keep]   (keep the work folder, the indexed site included, and print where it is)
 */
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '0.1' },
    'pages-per-shard': { type: 'string' },
    concurrency: { type: 'string', default: '2' },
    query: { type: 'string', multiple: true },
    dist: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const scale = Number(values.scale);
const queries = values.query ?? ['家庭教育', '吴亚汝', '妇联'];
const work = mkdtempSync(join(tmpdir(), 'fulian-search-measure-'));
const dist = join(work, 'dist');

const table = (report: IndexSiteReport) => {
  for (const s of report.shards) {
    if (s.built)
      console.log(
        `  ${s.name}  ${String(s.pages).padStart(6)} 页  ${String(s.ms).padStart(7)} ms  ${String(s.peakRssMb ?? '?').padStart(5)} MB`,
      );
  }
  console.log(
    `  共 ${report.pagesIndexed} 页，${report.shards.length} 个分片，重建 ${report.shards.filter((s) => s.built).length} 个，` +
      `分词 ${report.pagesStaged} 页；用时 ${report.ms} ms（合并 ${report.mergeMs} ms）；Pagefind 单进程峰值 ${report.peakRssMb ?? '?'} MB；本进程峰值 ${report.stagingPeakRssMb} MB`,
  );
};

const TEXT = new Set(['.html', '.js', '.css', '.json', '.svg', '.xml', '.txt']);
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

try {
  if (!values.dist || !existsSync(values.dist)) {
    console.log('构建演示站点（Strapi + Astro）……');
    const demo = await buildDemoSite();
    try {
      cpSync(demo.dist, values.dist ?? dist, { recursive: true });
    } finally {
      await demo.stop();
    }
  }
  if (values.dist) cpSync(values.dist, dist, { recursive: true });
  rmSync(join(dist, 'pagefind'), { recursive: true, force: true });
  const written = writeCorpusPages(dist, scale);
  console.log(`语料页面：${written} 页（${scale}x）`);

  const options = {
    outDir: dist,
    workDir: join(work, 'index'),
    concurrency: Number(values.concurrency),
    pagesPerShard: values['pages-per-shard'] ? Number(values['pages-per-shard']) : undefined,
  };
  console.log('\n全量建立索引：');
  table(await indexSite({ ...options, full: true }));

  // One edit: a page's text changes (written as a new file, as the publisher does).
  const first = join(dist, 'trainings');
  const page = readdirSync(first).find((d) => d.startsWith('bench-'));
  if (page) {
    const file = join(first, page, 'index.html');
    const html = readFileSync(file, 'utf8').replace('</h1>', '（已更新）</h1>');
    rmSync(file);
    writeFileSync(file, html);
    console.log('\n改一篇后增量建立索引：');
    table(await indexSite({ ...options, changedPages: [`/trainings/${page}/`] }));
  }

  // Serve as nginx would: gzip for text, everything else as is.
  const port = await freePort();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let path = normalize(join(dist, decodeURIComponent(url.pathname)));
    if (!path.startsWith(dist)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    if (!existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    const gzip = TEXT.has(extname(path)) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, {
      'Content-Type': type,
      ...(gzip ? { 'Content-Encoding': 'gzip' } : { 'Content-Length': statSync(path).size }),
    });
    const stream = createReadStream(path);
    if (gzip) stream.pipe(createGzip()).pipe(res);
    else stream.pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const browser = await launchChromium();
  try {
    console.log('\n第一次搜索的下载量（冷缓存，文本 gzip）：');
    for (const query of queries) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const sizes: Promise<{ url: string; bytes: number }>[] = [];
      page.on('requestfinished', (request) => {
        sizes.push(request.sizes().then((s) => ({ url: request.url(), bytes: s.responseBodySize + s.responseHeadersSize })));
      });
      await page.goto(`http://127.0.0.1:${port}/search/?q=${encodeURIComponent(query)}`, { waitUntil: 'networkidle' });
      await page.waitForSelector('#search-results h2');
      const found = (await page.locator('#search-results h2').textContent()) ?? '';
      const all = await Promise.all(sizes);
      const sum = (list: { bytes: number }[]) => Math.round(list.reduce((s, r) => s + r.bytes, 0) / 1024);
      const index = all.filter((r) => new URL(r.url).pathname.startsWith('/pagefind/'));
      const fragments = index.filter((r) => r.url.includes('/fragment/'));
      console.log(
        `  “${query}”：${found.replace(/\s+/g, ' ')}；全部 ${sum(all)} KB（${all.length} 个请求），` +
          `其中索引 ${sum(index)} KB（${index.length} 个，含结果片段 ${sum(fragments)} KB / ${fragments.length} 个）`,
      );
      if (values.verbose) {
        for (const r of all)
          console.log(`    ${String(Math.round(r.bytes / 102.4) / 10).padStart(7)} KB  ${new URL(r.url).pathname}`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
} finally {
  if (values.keep) console.log(`\n工作目录保留在 ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

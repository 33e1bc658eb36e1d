import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateCorpus } from '@fulian/bench/corpus-model';
import { marked } from 'marked';
import { escapeHtml } from '../src/lib/escape.ts';

/**
 * Document pages of the benchmark corpus (scripts/bench/corpus-model.ts) written straight into
 * a built site, without Strapi or Astro: the same marks the site's templates put on a page
 * (data-pagefind-body, the section filter, the date, an ignored breadcrumb, stat cards and
 * downloads on relief batches), so the search index can be built and measured at 1x cheaply.
 * Returns the number of pages written.
 */
export function writeCorpusPages(outDir: string, scale: number, seed = 1): number {
  const corpus = generateCorpus(scale, seed);
  let written = 0;
  const write = (path: string, section: string, date: string, title: string, inner: string) => {
    const file = join(outDir, path, 'index.html');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>` +
        `<header><nav><a href="/news/">新闻动态</a><a href="/relief/">救助</a></nav></header><main>` +
        `<article class="article panel" data-pagefind-body data-pagefind-filter="section:${section}" data-pagefind-meta="date:${escapeHtml(date)}">` +
        `<header><p class="breadcrumb" data-pagefind-ignore><a href="/">${section}</a></p><h1>${escapeHtml(title)}</h1></header>${inner}</article>` +
        `</main><footer>厦门市妇女联合会</footer></body></html>`,
    );
    written++;
  };
  const prose = (summary: string, body: string) =>
    `<p class="summary">${escapeHtml(summary)}</p><div class="prose">${marked.parse(body, { async: false })}</div>`;
  const day = (iso: string) => {
    const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
    return `${y}年${m}月${d}日`;
  };

  for (const n of corpus.news) write(`news/bench-${n.slug}`, '新闻', day(n.date), n.title, prose(n.summary, n.body));
  for (const t of corpus.trainings) {
    const facts = `<dl class="facts"><div><dt>地点</dt><dd>${escapeHtml(t.venue)}</dd></div></dl>`;
    write(
      `trainings/bench-${t.slug}`,
      '培训',
      `${day(t.startDate)}至${day(t.endDate)}`,
      t.title,
      facts + prose(t.summary, t.body),
    );
  }
  for (const l of corpus.lectures) {
    const time = l.startsAt.slice(11, 16);
    const facts = `<dl class="facts"><div><dt>时间</dt><dd>${day(l.startsAt)} ${time}</dd></div><div><dt>地点</dt><dd>${escapeHtml(l.venue)}</dd></div></dl>`;
    write(`lectures/bench-${l.slug}`, '讲座', `${day(l.startsAt)} ${time}`, l.title, facts + prose(l.summary, l.body));
  }
  for (const b of corpus.reliefBatches) {
    const rows = (list: { label: string; count: number }[]) =>
      list.map((r) => `<tr><th scope="row">${escapeHtml(r.label)}</th><td>${r.count}</td></tr>`).join('');
    const inner =
      `<dl class="figures"><div><dt>发放金额</dt><dd>${escapeHtml(b.amount)}元</dd></div><div><dt>救助人数</dt><dd>${b.recipientCount} 人</dd></div></dl>` +
      `<table><caption>区域分布</caption><tr><th>区域</th><th>人数</th></tr>${rows(b.byDistrict)}</table>` +
      `<p class="downloads">下载统计数据：<a href="batches.csv" download>各批次（CSV）</a> <a href="statistics.json" download>全部数据（JSON）</a></p>` +
      prose(b.summary, b.body);
    write(`relief/bench-${b.programme}/${b.slug}`, '救助', day(b.disbursementDate), b.title, inner);
  }
  return written;
}

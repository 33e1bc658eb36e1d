import { describe, expect, it } from 'vitest';
import { samePages, sitemapIndex, sitemapShards } from '../src/build/sitemap.ts';

const site = new URL('https://www.example.gov.cn/');

describe('samePages', () => {
  const plan = { '/news/[slug]/': { '/news/a/': 'k1', '/news/b/': 'k2' }, '/news/[...page]/': { '/news/': 'k3' } };
  it.each([
    [
      'the same pages with other keys (an edit of a title)',
      { '/news/[slug]/': { '/news/b/': 'x', '/news/a/': 'y' }, '/news/[...page]/': { '/news/': 'z' } },
      true,
    ],
    ['a page added', { ...plan, '/news/[slug]/': { ...plan['/news/[slug]/'], '/news/c/': 'k' } }, false],
    ['a page gone', { ...plan, '/news/[slug]/': { '/news/a/': 'k1' } }, false],
    ['a page renamed', { ...plan, '/news/[slug]/': { '/news/a/': 'k1', '/news/c/': 'k2' } }, false],
    ['a route gone', { '/news/[slug]/': plan['/news/[slug]/'] }, false],
    ['a route added', { ...plan, '/events/[id]/': {} }, false],
    ['a route renamed', { '/news/[slug]/': plan['/news/[slug]/'], '/news/[...p]/': plan['/news/[...page]/'] }, false],
  ])('%s', (_, other, expected) => {
    expect(samePages(plan, other)).toBe(expected);
    expect(samePages(other, plan)).toBe(expected);
  });
});

describe('sitemapIndex', () => {
  it('lists the shards’ files at the site’s address, in sitemapShards’ order', () => {
    const shards = sitemapShards({ '/news/[slug]/': ['/news/b/', '/news/a/'] }, ['/about/'], site);
    expect(shards.map((s) => s.file)).toEqual(['sitemap-news-slug-0.xml', 'sitemap-pages.xml']);
    expect(shards[0]?.body).toContain(
      '<loc>https://www.example.gov.cn/news/a/</loc></url><url><loc>https://www.example.gov.cn/news/b/</loc>',
    );
    expect(
      sitemapIndex(
        shards.map((s) => s.file),
        site,
      ),
    ).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' +
        '<sitemap><loc>https://www.example.gov.cn/sitemap-news-slug-0.xml</loc></sitemap>' +
        '<sitemap><loc>https://www.example.gov.cn/sitemap-pages.xml</loc></sitemap></sitemapindex>\n',
    );
  });
});

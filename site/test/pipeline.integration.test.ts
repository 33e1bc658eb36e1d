import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { deserialize } from 'node:v8';
import { SITE_SETTINGS } from '@fulian/testkit/cms-helpers';
import { startThrowawayCms, type ThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { freePort } from '@fulian/tooling/processes';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildSiteOptions, buildSite, type SiteBuildError, throwIfFailed } from '../src/build/build-site.ts';
import { readManifest } from '../src/build/render-plan.ts';
import { readBodies, rendererDigest } from '../src/cms/body-store.ts';

/** The site's folder: the renderer's version is read from its files. */
const SITE = join(import.meta.dirname, '..');

// The whole pipeline with the real parts: Strapi on a temporary SQLite file, content made
// through its REST API, the real `astro build` reading it back, assertions on dist/.

const SITE_URL = 'https://www.example.org';
const PUBLISHED_COUNT = 105; // more than one page of 100: pagination must bring them all
/** Items per feed: the newest publications (FEED_ITEMS in site/src/lib/feed.ts). */
const FEED_ITEMS = 50;

let cms: ThrowawayCms;
let work: string;
let dist: string;
let cacheDir: string;
let imageStoreDir: string;
let firstBuild: string;
let featured: { documentId: string; slug: string };
let hostileSlug: string;
let autoSlug: string;

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

const textFiles = (dir: string) => files(dir).filter((f) => /\.(html|xml|txt|css|js|json)$/.test(f));
const read = (path: string) => readFileSync(join(dist, path), 'utf8');
/** Every build of this test shares one image store, as the publish service's builds do. */
const build = async (options: Omit<BuildSiteOptions, 'imageStoreDir'>) =>
  throwIfFailed(await buildSite({ ...options, imageStoreDir }));
/** A build of this test's CMS, at this test's address. */
const buildHere = (options: Omit<BuildSiteOptions, 'imageStoreDir' | 'cmsUrl' | 'buildToken' | 'siteUrl'>) =>
  build({ cmsUrl: cms.url, buildToken: cms.buildToken, siteUrl: SITE_URL, ...options });
/** The image files a page's src and srcset attributes name. */
const pictureFiles = (html: string) => [
  ...new Set(
    [...html.matchAll(/(?:src|srcset)="([^"]+)"/g)]
      .flatMap(([, value = '']) => value.split(','))
      .map((candidate) => candidate.trim().split(' ')[0] ?? '')
      .filter((url) => url.startsWith('/_img/')),
  ),
];
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

async function coverPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 1600, height: 900, channels: 3, background: '#a8203a' } })
    .composite([
      { input: Buffer.from('<svg width="1600" height="900"><circle cx="800" cy="450" r="300" fill="#fbeff1"/></svg>') },
    ])
    .jpeg()
    .toBuffer();
}

const BODY_PHOTO_ALT = '妇女干部在课堂上认真听讲';

/**
 * A 1200×800 photo for an article body, uploaded with its alt text; returns its /uploads/ path.
 * Given `replace` (a file's id), replaces that file's bytes in the media library, as an editor's
 * 替换 does: Strapi keeps its address.
 */
async function uploadBodyPhoto(background = '#2a6f97', replace?: number): Promise<{ id: number; url: string }> {
  const bytes = await sharp({ create: { width: 1200, height: 800, channels: 3, background } })
    .jpeg()
    .toBuffer();
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'ketang.jpg');
  form.append('fileInfo', JSON.stringify({ name: 'ketang.jpg', alternativeText: BODY_PHOTO_ALT }));
  const response = await fetch(`${cms.url}/api/upload${replace === undefined ? '' : `?id=${replace}`}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${cms.writeToken}` },
    body: form,
  });
  const answer = (await response.json()) as { id: number; url: string }[] | { id: number; url: string };
  const file = Array.isArray(answer) ? answer[0] : answer;
  if (!response.ok || !file) throw new Error(`upload failed: HTTP ${response.status}`);
  return file;
}
let bodyPhoto: { id: number; url: string };

beforeAll(async () => {
  cms = await startThrowawayCms();
  work = mkdtempSync(join(tmpdir(), 'fulian-site-'));
  dist = join(work, 'dist');
  cacheDir = join(work, 'cache');
  // The image store of this test's builds: kept across them, as the publish service keeps it
  // across releases.
  imageStoreDir = join(work, 'images');

  const settings = await cms.api('PUT', '/api/site-setting', { data: SITE_SETTINGS });
  expect(settings.status).toBe(200);
  const category = await cms.api('POST', '/api/categories', { data: { name: '工作动态', slug: 'gong-zuo-dong-tai' } });
  expect(category.status).toBe(201);
  const coverId = await cms.upload('training.jpg', await coverPhoto(), 'image/jpeg', '学员在市妇女儿童活动中心参加培训');
  bodyPhoto = await uploadBodyPhoto();

  // The many first, so that the featured and the hostile article are the newest publications,
  // the ones the feeds carry (FEED_ITEMS).
  for (let i = 3; i <= PUBLISHED_COUNT; i++) {
    const made = await cms.api('POST', '/api/news-items', {
      data: {
        title: `第${i}期基层妇联工作简报`,
        slug: `jianbao-${i}`,
        date: `2018-03-${String((i % 28) + 1).padStart(2, '0')}`,
        summary: `第${i}期简报摘要。`,
        body: `第${i}期简报正文。`,
      },
    });
    expect(made.status).toBe(201);
  }

  const first = await cms.api('POST', '/api/news-items', {
    data: {
      title: '市妇联举办全市妇联系统干部履职提升培训班',
      slug: 'ganbu-lvzhi-tisheng-peixun',
      date: '2018-04-17',
      summary: '4月17日至19日，约150名妇联干部在市妇女儿童活动中心参加履职能力培训。',
      // The photo as Strapi's Markdown editor inserts it: the admin's address, the alt of the time.
      body: `## 培训概况\n\n市妇联党组书记、主席吴亚汝带领班子成员以普通学员身份参加学习。\n\n![照片](${cms.url}${bodyPhoto.url})\n\n- 第一天：政治理论\n- 第二天：妇联改革`,
      source: '市妇联组织部',
      cover: coverId,
      category: category.json.data.documentId,
    },
  });
  expect(first.status).toBe(201);
  featured = first.json.data;

  const hostile = await cms.api('POST', '/api/news-items', {
    data: {
      title: '含有恶意代码的新闻',
      date: '2018-04-18',
      summary: '测试：正文中的脚本不得进入页面或订阅源。',
      body: '开头 5 < 6 & 7 > 3\n\n<script>window.pwned=1</script>\n\n<img src=x onerror="window.pwned=1">\n\n[链接](javascript:window.pwned=1)\n\n<iframe src="https://evil.example/"></iframe>\n\n结尾',
    },
  });
  expect(hostile.status).toBe(201);
  hostileSlug = hostile.json.data.slug;
  autoSlug = hostileSlug;

  const draft = await cms.api('POST', '/api/news-items?status=draft', {
    data: {
      title: '尚未发布的草稿绝不能出现',
      slug: 'unpublished-draft',
      date: '2018-04-30',
      summary: '草稿摘要',
      body: '草稿正文',
    },
  });
  expect(draft.status).toBe(201);

  ({ output: firstBuild } = await build({
    cmsUrl: cms.url,
    buildToken: cms.buildToken,
    siteUrl: SITE_URL,
    outDir: dist,
    cacheDir,
  }));
});

afterAll(async () => {
  await cms?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('a real build from a real Strapi', () => {
  it('writes the published article with its Chinese text', () => {
    const html = read(`news/${featured.slug}/index.html`);
    expect(html).toContain('<html lang="zh-CN">');
    // Components' scoped styles mark their elements (data-astro-cid-…): match the tag, not its attributes.
    expect(html).toMatch(/<h1[^>]*>市妇联举办全市妇联系统干部履职提升培训班<\/h1>/);
    expect(html).toContain('吴亚汝带领班子成员以普通学员身份参加学习');
    expect(html).toContain('<h2>培训概况</h2>');
    expect(html).toContain('2018年4月17日');
    expect(html).toContain('市妇联组织部');
    expect(html).toContain('工作动态');
  });

  it('takes the site name, footer and navigation from Site settings', () => {
    const html = read('index.html');
    expect(html).toContain('<title>测试市妇女联合会</title>');
    expect(html).toContain('<meta name="SiteName" content="测试市妇女联合会">');
    expect(html).toContain('<meta name="SiteDomain" content="www.example.org">');
    expect(html).toContain('<meta name="SiteIDCode" content="0000000000">');
    expect(html).toMatch(/<a href="https:\/\/beian\.miit\.gov\.cn\/"[^>]*>闽ICP备00000000号<\/a>/);
    expect(html).toContain('测试市测试路 1 号');
    expect(html).toMatch(/<a href="\/news\/"[^>]*>新闻动态<\/a>/);
    expect(read(`news/${featured.slug}/index.html`)).toMatch(/<a href="\/news\/" aria-current="page"[^>]*>新闻动态<\/a>/);
  });

  it('brings every published document, past the first page of 100', () => {
    const pages = readdirSync(join(dist, 'news'), { withFileTypes: true }).filter(
      (d) => d.isDirectory() && d.name !== 'page' && existsSync(join(dist, 'news', d.name, 'index.html')),
    );
    expect(pages).toHaveLength(PUBLISHED_COUNT);
    expect(existsSync(join(dist, 'news/jianbao-105/index.html'))).toBe(true);
    expect(existsSync(join(dist, 'news/page/11/index.html'))).toBe(true);
    expect(existsSync(join(dist, 'news/page/12/index.html'))).toBe(false);
  });

  it('names an article with the pinyin of its title when the editor gave no slug', () => {
    expect(autoSlug).toBe('han-you-e-yi-dai-ma-de-xin-wen');
    expect(existsSync(join(dist, `news/${autoSlug}/index.html`))).toBe(true);
  });

  it('puts the draft nowhere: no page, no feed item, no sitemap entry', () => {
    expect(existsSync(join(dist, 'news/unpublished-draft'))).toBe(false);
    for (const file of textFiles(dist)) {
      const text = readFileSync(file, 'utf8');
      expect(text, relative(dist, file)).not.toContain('unpublished-draft');
      expect(text, relative(dist, file)).not.toContain('尚未发布的草稿');
    }
  });

  it('writes RSS 2.0 feeds that parse, with absolute links and full content', () => {
    for (const path of ['rss.xml', 'news/rss.xml']) {
      const text = read(path);
      expect(XMLValidator.validate(text), path).toBe(true);
      const feed = xml.parse(text);
      expect(feed.rss['@version']).toBe('2.0');
      const items = feed.rss.channel.item as {
        link: string;
        guid: { '#text': string } | string;
        title: string;
        'content:encoded': string;
        pubDate: string;
      }[];
      expect(items).toHaveLength(FEED_ITEMS);
      for (const item of items) {
        expect(item.link).toMatch(new RegExp(`^${SITE_URL}/news/[a-z0-9-]+/$`));
        expect(Number.isNaN(Date.parse(item.pubDate))).toBe(false);
      }
      const training = items.find((i) => i.title === '市妇联举办全市妇联系统干部履职提升培训班');
      expect(training?.link).toBe(`${SITE_URL}/news/${featured.slug}/`);
      expect(training?.['content:encoded']).toContain('吴亚汝带领班子成员以普通学员身份参加学习');
    }
    expect(read('index.html')).toContain('type="application/rss+xml"');
  });

  it('lists published articles in the sitemap with absolute URLs, every shard named by the index', () => {
    const shards = files(dist).filter((f) => /sitemap-(?!index)[\w-]+\.xml$/.test(f));
    const sitemap = shards.map((f) => readFileSync(f, 'utf8')).join('');
    expect(sitemap).toContain(`${SITE_URL}/news/${featured.slug}/`);
    expect(sitemap).toContain(`${SITE_URL}/news/page/11/`);
    const index = readFileSync(join(dist, 'sitemap-index.xml'), 'utf8');
    for (const shard of shards) expect(index).toContain(`${SITE_URL}/${basename(shard)}`);
  });

  it('copies the cover into dist as optimised AVIF and WebP with the editor’s alt text', () => {
    const html = read(`news/${featured.slug}/index.html`);
    expect(html).toContain('alt="学员在市妇女儿童活动中心参加培训"');
    expect(html).toMatch(/<source[^>]+type="image\/avif"/);
    expect(html).toMatch(/<source[^>]+type="image\/webp"/);
    expect(html).toMatch(/<img[^>]+width="1600"[^>]+height="900"/);
    expect(html).toMatch(/<img[^>]+loading="eager"/);
    const images = files(join(dist, '_img')).filter((f) => /\.(avif|webp|png|jpe?g)$/.test(f));
    expect(images.some((f) => f.endsWith('.avif'))).toBe(true);
    expect(images.some((f) => f.endsWith('.webp'))).toBe(true);
    // A photo's fallback <img> is a JPEG: a PNG of a photo weighs 1.5–2.5 MB.
    expect(html).toMatch(/<img[^>]+src="\/_img\/[^"]+\.jpg"/);
    // The cover's files (the body photo's are in the store too, and checked below).
    const referenced = pictureFiles(html).filter((url) => !url.includes('ketang'));
    expect(referenced).toHaveLength(9);
    for (const url of referenced) {
      expect(existsSync(join(dist, url)), url).toBe(true);
    }
    // Open Graph: a 1200 px JPEG on the site itself.
    expect(html).toMatch(/<meta property="og:image" content="https:\/\/www\.example\.org\/_img\/[^"]+_1200\.[0-9a-f]{32}\.jpg"/);
    // Ten for the cover (with its share image), nine for the body photo.
    expect(firstBuild).toMatch(/图片：新编码 19，复用 0（下载原图 2）/);
  });

  it('encodes nothing again in a build with an empty Astro cache and the same image store', async () => {
    const cold = join(work, 'cold');
    const { output } = await build({
      cmsUrl: cms.url,
      buildToken: cms.buildToken,
      siteUrl: SITE_URL,
      outDir: cold,
      cacheDir: join(work, 'cache-cold'),
    });
    expect(output).toMatch(/图片：新编码 0，复用 19（下载原图 0）/);
    const page = `news/${featured.slug}/index.html`;
    const html = readFileSync(join(cold, page), 'utf8');
    expect(pictureFiles(html)).toEqual(pictureFiles(read(page)));
    for (const url of pictureFiles(html)) expect(existsSync(join(cold, url)), url).toBe(true);
  });

  it('copies a media-library photo of the body into dist like covers, with the media library’s alt text', () => {
    const html = read(`news/${featured.slug}/index.html`);
    const picture = [...html.matchAll(/<picture>.*?<\/picture>/gs)].map((m) => m[0]).find((p) => p.includes(BODY_PHOTO_ALT));
    expect(picture, 'the body photo as a <picture>').toBeDefined();
    // Encoded once, ever, into the image store, as covers are (site/src/images/).
    expect(picture).toMatch(/<source srcset="\/_img\/[^"]+\.avif[^"]*" type="image\/avif"/);
    expect(picture).toMatch(/<source srcset="\/_img\/[^"]+\.webp[^"]*" type="image\/webp"/);
    expect(picture).toMatch(/<img src="\/_img\/[^"]+\.jpg"/);
    expect(picture).toContain('width="1200" height="800"');
    expect(picture).toContain('loading="lazy"');
    expect(picture).toContain(`alt="${BODY_PHOTO_ALT}"`);
    const referenced = [...(picture as string).matchAll(/(?:src|srcset)="([^"]+)"/g)]
      .flatMap(([, value = '']) => value.split(','))
      .map((candidate) => candidate.trim().split(' ')[0] ?? '');
    expect(referenced.length).toBeGreaterThan(3);
    for (const url of referenced) expect(existsSync(join(dist, url)), url).toBe(true);
    // In the feeds: the encoded JPEG by its absolute address on the site.
    const items = xml.parse(read('news/rss.xml')).rss.channel.item as { link: string; 'content:encoded': string }[];
    const feed = items.find((i) => i.link === `${SITE_URL}/news/${featured.slug}/`)?.['content:encoded'];
    expect(feed).toMatch(
      new RegExp(`<img src="${SITE_URL}/_img/[^"]+\\.jpg" width="1200" height="800" alt="${BODY_PHOTO_ALT}">`),
    );
  });

  it('renders every page on two threads exactly as on one, body photos and image report included', async () => {
    // A small site renders on one thread (src/build/parallel-render.ts); this build is made to
    // use the second one, as every big build does, and must write the same site.
    const two = join(work, 'two-threads');
    const { output } = await build({
      cmsUrl: cms.url,
      buildToken: cms.buildToken,
      siteUrl: SITE_URL,
      outDir: two,
      cacheDir: join(work, 'cache-two-threads'),
      renderThreads: 2,
    });
    const used = /页面由两个线程渲染：主线程 (\d+) 个，第二线程 (\d+) 个/.exec(output);
    expect(used, 'the build says how its pages were shared').not.toBeNull();
    expect(Number(used?.[2])).toBeGreaterThan(0);
    // Every page, feed and data file (the search index is the search step's, and has its own tests).
    const pages = (dir: string) =>
      files(dir)
        .map((file) => relative(dir, file))
        .filter((file) => !file.startsWith('pagefind/') && /\.(html|xml|json|txt|ics|csv)$/.test(file))
        .sort();
    expect(pages(two)).toEqual(pages(dist));
    for (const file of pages(dist)) expect(readFileSync(join(two, file), 'utf8'), file).toBe(read(file));
    // Whichever thread rendered the page, the body photo's variants are in the image store and
    // linked into the build; the image store's report counts the pictures of every page.
    const html = readFileSync(join(two, `news/${featured.slug}/index.html`), 'utf8');
    const photo = [...html.matchAll(/(?:src|srcset)="(\/_img\/[^"]+)"/g)].flatMap(([, v = '']) => v.split(','));
    expect(photo.length).toBeGreaterThan(3);
    for (const url of photo) expect(existsSync(join(two, url.trim().split(' ')[0] ?? '')), url).toBe(true);
    expect(output).toMatch(/图片：新编码 0，复用 19（下载原图 0）/);
  });

  it('never mentions the CMS: self-contained dist', () => {
    const cmsHost = new URL(cms.url).host;
    for (const file of textFiles(dist)) {
      const text = readFileSync(file, 'utf8');
      expect(text, relative(dist, file)).not.toContain(cmsHost);
      expect(text, relative(dist, file)).not.toContain('/uploads/');
    }
  });

  it('lets no script from a Markdown body reach the page or the feed', () => {
    const page = read(`news/${hostileSlug}/index.html`);
    // The article body as rendered, between the prose container and the end of the article.
    const body = page.slice(page.search(/<div class="prose"[^>]*>/), page.indexOf('</article>'));
    const feed = read('rss.xml');
    expect(body.length).toBeGreaterThan(0);
    for (const text of [body, feed]) {
      expect(text).not.toMatch(/<script/i);
      expect(text).not.toMatch(/&lt;script/i);
      expect(text).not.toMatch(/onerror/i);
      expect(text).not.toMatch(/javascript:/i);
      expect(text).not.toMatch(/<iframe|&lt;iframe/i);
    }
    // Every payload would have set window.pwned: the word appears nowhere in page or feed.
    expect(page).not.toContain('pwned');
    expect(feed).not.toContain('pwned');
    expect(page).toContain('开头 5 &lt; 6 &amp; 7 &gt; 3');
    expect(page).toContain('结尾');
  });

  it('keeps bodies out of the content stores: rendered once into the body store, the Markdown source nowhere', () => {
    // devalue's JSON writes < as \u003C.
    const astroStore = readFileSync(join(cacheDir, 'data-store.json'), 'utf8').replaceAll('\\u003C', '<');
    // The collections that grow with the archive are in the document store, not Astro's.
    expect(astroStore).not.toContain(featured.slug);
    const documents = join(cacheDir, 'documents');
    expect(readdirSync(documents).sort()).toEqual(['lectures.v8', 'news.v8', 'reliefBatches.v8', 'trainings.v8']);
    // V8's format keeps Chinese text as UTF-16: the files are read back as values, not searched as bytes.
    const documentText = (file: string) => JSON.stringify(deserialize(readFileSync(join(documents, file))));
    expect(documentText('news.v8')).toContain(featured.slug);
    const store = astroStore + readdirSync(documents).map(documentText).join('');
    // The featured article's summary is in the store: Chinese text is found where it is kept.
    expect(store).toContain('约150名妇联干部在市妇女儿童活动中心参加履职能力培训');
    expect(store).not.toContain('培训概况');
    // Kept per version of the Markdown renderer (body-store.ts), and only the current one.
    expect(readdirSync(join(cacheDir, 'bodies'))).toEqual([rendererDigest(SITE)]);
    const bodies = [...readBodies(join(cacheDir, 'bodies', rendererDigest(SITE)), 'news').values()];
    expect(bodies).toHaveLength(PUBLISHED_COUNT);
    expect(bodies.some((b) => b.includes('<h2>培训概况</h2>'))).toBe(true);
    expect(bodies.some((b) => b.includes('## 培训概况'))).toBe(false);
    // The sanitised HTML has no script, and the source that had one is not kept.
    for (const body of bodies) expect(body).not.toContain('window.pwned');
    expect(store).not.toContain('window.pwned');
  });
});

describe('failures are loud', () => {
  it('a document that breaks the contract fails the build, naming the document and the field', async () => {
    // The CMS refuses a cover without alt text at save; an editor can still clear the alt
    // text in the media library afterwards, and the build must catch that.
    const image = await cms.upload('later-cleared.jpg', await coverPhoto(), 'image/jpeg', '临时替代文字');
    const bad = await cms.api('POST', '/api/news-items', {
      data: { title: '封面缺少替代文字', slug: 'missing-alt', date: '2018-04-20', summary: '摘要', body: '正文', cover: image },
    });
    expect(bad.status).toBe(201);
    const form = new FormData();
    form.append('fileInfo', JSON.stringify({ alternativeText: '' }));
    const cleared = await fetch(`${cms.url}/api/upload?id=${image}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${cms.writeToken}` },
      body: form,
    });
    expect(cleared.status).toBe(200);
    const failedOut = join(work, 'failed');
    const error = await build({
      cmsUrl: cms.url,
      buildToken: cms.buildToken,
      siteUrl: SITE_URL,
      outDir: failedOut,
      cacheDir,
    }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(bad.json.data.documentId);
    expect((error as Error).message).toContain('cover.alternativeText');
    expect((error as Error).message).toContain('封面缺少替代文字');
    // The refused documents come back as data, not only as text.
    expect((error as SiteBuildError).failedDocuments).toEqual([
      expect.objectContaining({ documentId: bad.json.data.documentId, title: '封面缺少替代文字' }),
    ]);
    expect(existsSync(join(failedOut, 'index.html'))).toBe(false);
    expect((await cms.api('DELETE', `/api/news-items/${bad.json.data.documentId}`)).status).toBe(204);
  });

  it('an unreachable CMS fails the build with the URL and the cause', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const error = await build({
      cmsUrl: nobody,
      buildToken: cms.buildToken,
      siteUrl: SITE_URL,
      outDir: join(work, 'unreachable'),
      cacheDir: join(work, 'cache-unreachable'),
    }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(new RegExp(`读取 CMS 失败：${nobody}/api/[a-z-]+\\?`));
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(existsSync(join(work, 'unreachable', 'index.html'))).toBe(false);
  });

  it('a wrong token fails the build instead of building an empty site', async () => {
    const error = await build({
      cmsUrl: cms.url,
      buildToken: 'f'.repeat(96),
      siteUrl: SITE_URL,
      outDir: join(work, 'unauthorised'),
      cacheDir: join(work, 'cache-unauthorised'),
    }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('HTTP 401');
    expect((error as Error).message).not.toContain('f'.repeat(96));
  });
});

describe('rebuilding with the kept content store', () => {
  it('drops what vanished from the CMS and keeps the rest', async () => {
    expect((await cms.api('DELETE', `/api/news-items/${await slugToId('jianbao-7')}`)).status).toBe(204);
    const again = join(work, 'again');
    const { output } = await build({
      cmsUrl: cms.url,
      buildToken: cms.buildToken,
      siteUrl: SITE_URL,
      outDir: again,
      cacheDir,
    });
    expect(output).toMatch(/104 新闻（完整读取：更新 0，删除 1）/);
    expect(existsSync(join(again, 'news/jianbao-7'))).toBe(false);
    expect(existsSync(join(again, `news/${featured.slug}/index.html`))).toBe(true);
    expect(readFileSync(join(again, 'rss.xml'), 'utf8')).not.toContain('jianbao-7/');
  });
});

describe('a body photo replaced in the media library', () => {
  it('is encoded again under new names, and the incremental build renders the pages that show it', async () => {
    const before = join(work, 'photo-before');
    const beforeManifest = join(work, 'photo-before.json');
    await buildHere({ outDir: before, cacheDir, manifestFile: beforeManifest });
    const page = `news/${featured.slug}/index.html`;
    const photoFiles = (html: string) => pictureFiles(html).filter((file) => /ketang/.test(file));
    const old = photoFiles(readFileSync(join(before, page), 'utf8'));
    expect(old.length).toBeGreaterThan(3);

    // The editor replaces the file: Strapi keeps its address, the bytes and updatedAt change.
    const replaced = await uploadBodyPhoto('#c0392b', bodyPhoto.id);
    expect(replaced.url).toBe(bodyPhoto.url);

    const after = join(work, 'photo-after');
    const afterManifest = join(work, 'photo-after.json');
    const { output } = await buildHere({
      outDir: after,
      cacheDir,
      renderMode: 'incremental',
      previousManifest: beforeManifest,
      manifestFile: afterManifest,
    });
    // Only the new bytes are encoded: three widths in three formats, from one download.
    expect(output).toMatch(/图片：新编码 9，复用 \d+（下载原图 1）/);
    const rendered = readManifest(afterManifest)?.rendered ?? [];
    expect(rendered).toContain(`/news/${featured.slug}/`);
    const html = readFileSync(join(after, page), 'utf8');
    const now = photoFiles(html);
    expect(now).toHaveLength(old.length);
    // New names: a browser or CDN that holds an old file (served immutable) never shows it here.
    for (const file of now) {
      expect(old, file).not.toContain(file);
      expect(existsSync(join(after, file)), file).toBe(true);
    }
    expect(html).toContain(`alt="${BODY_PHOTO_ALT}"`);
    // The feed that carries the article shows the new photo too.
    expect(readFileSync(join(after, 'news/rss.xml'), 'utf8')).toContain(now.find((f) => f.endsWith('.jpg')));
  });
});

async function slugToId(slug: string): Promise<string> {
  const found = await cms.api('GET', `/api/news-items?filters[slug][$eq]=${slug}`);
  return found.json.data[0].documentId;
}

import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { launchChromium } from '@fulian/testkit/browser';
import { buildDemoSite, type DemoSite } from '@fulian/testkit/demo-site';
import { gotoSettled } from '@fulian/testkit/settle';
import { freePort } from '@fulian/tooling/processes';
import { serveStatic } from '@fulian/tooling/static-server';
import { parseFeed } from '@rowanmanning/feed-parser';
import ical, { type VEvent } from 'node-ical';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexSite } from '../src/search/index.ts';
import { HOSTILE_BODY, HOSTILE_SLUG, HOSTILE_TITLE } from './hostile-content.ts';
import { PAGE_TYPES } from './page-types.ts';
import { writeCorpusPages } from './search-corpus.ts';

// The demo content built by the real build and served from dist, looked at in a real browser.

const COVER_SLUG = 'dai-feng-mian-de-xin-wen';

let site: DemoSite;
let browser: Browser;

/** A demo training given a cover, to follow it into the feeds. */
const COVERED_TRAINING = 'fulian-ganbu-lvzhi-tisheng';
const COVER_ALT = '学员在市妇女儿童活动中心参加培训';
/** 报名方式 with every character RFC 5545 escapes (comma, semicolon, backslash, line break). */
const REGISTRATION = '请于4月16日前报名；名额50人;发送“姓名,单位”至 fl@example.org\n或到市妇联302室\\现场登记';
const ENQUIRY_PHONE = '0592-5312345、0592-5316789';
/** The demo lecture gets only a phone: 报名方式 must then be absent. */
const LECTURE_SLUG = 'baichang-jiangzuo-qidong-yishi';
const LECTURE_PHONE = '0592-2345678';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => join(e.parentPath, e.name));
}

/** Opens a page and records every console error and uncaught exception while it loads. */
async function visit(path: string, width: number): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
  await gotoSettled(page, `${site.url}${path}`);
  return { page, errors };
}

beforeAll(async () => {
  site = await buildDemoSite(async (cms) => {
    const { status } = await cms.api('POST', '/api/news-items', {
      data: {
        title: HOSTILE_TITLE,
        slug: HOSTILE_SLUG,
        date: '2018-04-30',
        summary: '用于测试的恶意代码样本。',
        body: HOSTILE_BODY,
      },
    });
    expect(status).toBe(201);
    // The demo content has no upload: one article with a cover photo, for the picture checks.
    const photo = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#a8203a' } })
      .composite([
        { input: Buffer.from('<svg width="1600" height="900"><circle cx="800" cy="450" r="300" fill="#fbeff1"/></svg>') },
      ])
      .jpeg()
      .toBuffer();
    const cover = await cms.upload('cover.jpg', photo, 'image/jpeg', '妇联干部在培训班上交流');
    const withCover = await cms.api('POST', '/api/news-items', {
      data: {
        title: '带封面的新闻',
        slug: COVER_SLUG,
        date: '2018-04-29',
        summary: '封面测试。',
        body: '市妇联举办妇联干部培训班，学员们围绕基层妇联工作交流经验，并合影留念。',
        cover,
      },
    });
    expect(withCover.status).toBe(201);
    const trainingCover = await cms.upload(
      'training.jpg',
      await sharp({ create: { width: 800, height: 450, channels: 3, background: '#a8203a' } })
        .jpeg()
        .toBuffer(),
      'image/jpeg',
      COVER_ALT,
    );
    const found = await cms.api('GET', `/api/trainings?filters[slug][$eq]=${COVERED_TRAINING}`);
    const documentId = found.json.data[0].documentId;
    expect(
      (
        await cms.api('PUT', `/api/trainings/${documentId}`, {
          data: { cover: trainingCover, registration: REGISTRATION, enquiryPhone: ENQUIRY_PHONE },
        })
      ).status,
    ).toBe(200);
    const lecture = await cms.api('GET', `/api/lectures?filters[slug][$eq]=${LECTURE_SLUG}`);
    const lectureId = lecture.json.data[0].documentId;
    expect((await cms.api('PUT', `/api/lectures/${lectureId}`, { data: { enquiryPhone: LECTURE_PHONE } })).status).toBe(200);
    // The demo's Site settings have 主办单位 and 找错; an emblem is added here.
    const emblem = await cms.upload(
      'emblem.png',
      await sharp({ create: { width: 200, height: 200, channels: 4, background: '#ffd400' } })
        .png()
        .toBuffer(),
      'image/png',
      null,
    );
    expect((await cms.api('PUT', '/api/site-setting', { data: { emblem } })).status).toBe(200);
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

describe('every page type, on a phone and on a desktop', () => {
  for (const [name, path] of Object.entries(PAGE_TYPES)) {
    for (const width of [375, 1280]) {
      it(`${name} at ${width} px: renders in Chinese, no horizontal scroll, no console error`, async () => {
        const { page, errors } = await visit(path, width);
        try {
          expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
          expect(await page.locator('h1').count()).toBe(1);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
          // The 404 page is served with status 404; the browser logs that, and nothing else.
          const expected = name === 'not found' ? errors.filter((e) => !/404/.test(e)) : errors;
          expect(expected).toEqual([]);
        } finally {
          await page.context().close();
        }
      });
    }
  }
});

describe('hostile Markdown', () => {
  it('leaves no active markup in the page and sets no global', async () => {
    const { page, errors } = await visit(`/news/${HOSTILE_SLUG}/`, 1280);
    try {
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => (window as unknown as { pwned?: unknown }).pwned)).toBeUndefined();
      const active = await page.evaluate(() => {
        const body = document.querySelector('.prose');
        if (!body) return ['no .prose'];
        const found: string[] = [];
        for (const el of body.querySelectorAll('*')) {
          if (
            ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'FORM', 'STYLE', 'SVG', 'MATH', 'META', 'BASE', 'DETAILS'].includes(
              el.tagName.toUpperCase(),
            )
          ) {
            found.push(el.tagName);
          }
          for (const attr of el.attributes) {
            if (/^on/i.test(attr.name) || attr.name === 'style') found.push(`${el.tagName}[${attr.name}]`);
            if (/^(href|src|action|data|formaction)$/i.test(attr.name) && /^\s*(javascript|data|vbscript):/i.test(attr.value)) {
              found.push(`${el.tagName}[${attr.name}=${attr.value}]`);
            }
          }
        }
        return found;
      });
      expect(active).toEqual([]);
      expect(await page.locator('.prose').textContent()).toContain('正文开头 5 < 6 & 7 > 3');
      expect(await page.locator('.prose').textContent()).toContain('正文结尾。');
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('leaves no active markup in any feed', () => {
    for (const feed of ['rss.xml', 'news/rss.xml']) {
      const text = readFileSync(join(site.dist, feed), 'utf8');
      expect(text).toContain(HOSTILE_TITLE);
      for (const pattern of [
        /<script/i,
        /&lt;script/i,
        /onerror/i,
        /ontoggle/i,
        /onload/i,
        /javascript:/i,
        /<iframe/i,
        /&lt;iframe/i,
        /data:text/i,
      ]) {
        expect(text, `${feed} ${pattern}`).not.toMatch(pattern);
      }
    }
  });
});

describe('pictures', () => {
  it('a cover loads as AVIF at a width from its srcset, with its alt text, width and height', async () => {
    const { page, errors } = await visit(`/news/${COVER_SLUG}/`, 375);
    try {
      const img = await page.evaluate(() => {
        const el = document.querySelector<HTMLImageElement>('.cover img');
        return (
          el && {
            complete: el.complete,
            natural: el.naturalWidth,
            current: el.currentSrc,
            alt: el.alt,
          }
        );
      });
      expect(img).toMatchObject({ complete: true, alt: '妇联干部在培训班上交流' });
      expect(img?.natural).toBeGreaterThan(0);
      expect(img?.current).toMatch(/\/_img\/[\w-]+_(480|960|1440)\.[0-9a-f]{32}\.avif$/);
      expect(await page.getAttribute('.cover img', 'width')).toBe('1600');
      expect(await page.getAttribute('.cover img', 'height')).toBe('900');
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

describe('links', () => {
  it('a crawl of dist finds no broken internal link or image', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const broken: string[] = [];
    try {
      for (const file of htmlFiles(site.dist)) {
        const path = `/${relative(site.dist, file).replace(/index\.html$/, '')}`;
        await page.goto(`${site.url}${path}`, { waitUntil: 'domcontentloaded' });
        const targets = await page.evaluate(() => {
          const urls: string[] = [];
          for (const a of document.querySelectorAll<HTMLAnchorElement>('a[href]')) urls.push(a.href);
          for (const img of document.querySelectorAll<HTMLImageElement>('img[src]')) urls.push(img.src);
          for (const link of document.querySelectorAll<HTMLLinkElement>('link[href]')) urls.push(link.href);
          for (const source of document.querySelectorAll<HTMLSourceElement>('source[srcset]')) {
            for (const candidate of source.srcset.split(','))
              urls.push(new URL(candidate.trim().split(' ')[0] ?? '', location.href).href);
          }
          return urls;
        });
        for (const target of targets) {
          const url = new URL(target);
          if (url.origin !== new URL(site.url).origin) continue;
          const local = decodeURIComponent(url.pathname);
          const candidates = [join(site.dist, local), join(site.dist, local, 'index.html')];
          if (!candidates.some((c) => existsSync(c) && (c.endsWith('.html') || !c.endsWith('/')))) {
            broken.push(`${path} -> ${url.pathname}`);
          }
        }
      }
    } finally {
      await context.close();
    }
    expect(broken).toEqual([]);
  });
});

describe('feeds and calendar', () => {
  const FEEDS = ['rss.xml', 'news/rss.xml', 'trainings/rss.xml', 'lectures/rss.xml', 'relief/rss.xml'];

  for (const file of FEEDS) {
    it(`${file} parses as RSS with absolute links and full content`, () => {
      const feed = parseFeed(readFileSync(join(site.dist, file), 'utf8'));
      expect(feed.meta.type).toBe('rss');
      expect(feed.title).toContain('厦门市妇女联合会');
      expect(feed.items.length).toBeGreaterThan(0);
      for (const item of feed.items) {
        expect(item.url).toMatch(new RegExp(`^${site.url}/`));
        expect(item.content?.length ?? 0).toBeGreaterThan(20);
        expect(item.published).toBeInstanceOf(Date);
      }
    });
  }

  it('the site-wide feed carries every section', () => {
    const feed = parseFeed(readFileSync(join(site.dist, 'rss.xml'), 'utf8'));
    const titles = feed.items.map((i) => i.title);
    expect(titles).toContain('市妇联举办全市妇联系统干部履职提升培训班');
    expect(titles).toContain('全市妇联系统干部履职提升培训');
    expect(titles).toContain('2018年厦门市百场家庭教育公益讲座启动仪式');
    expect(titles).toContain('2018年第三批厦门市贫困妇女“四癌”救助金发放');
    const relief = feed.items.find((i) => i.title?.includes('救助金发放'));
    expect(relief?.content).toContain('14.6122万元');
    expect(relief?.content).toContain('同安区：8 人');
  });

  it('a cover goes into the feed item, as an enclosure and in the content', async () => {
    for (const file of ['rss.xml', 'trainings/rss.xml']) {
      const feed = parseFeed(readFileSync(join(site.dist, file), 'utf8'));
      const item = feed.items.find((i) => i.url?.endsWith(`/trainings/${COVERED_TRAINING}/`));
      expect(item?.media, file).toHaveLength(1);
      const [image] = item?.media ?? [];
      expect(image?.mimeType).toBe('image/jpeg');
      // Covers come from the image store (site/src/images/), linked under /_img/.
      expect(image?.url).toMatch(new RegExp(`^${site.url}/_img/.+\\.jpg$`));
      // The image is really there, and the content shows the same picture with its alt text.
      const local = join(site.dist, new URL(image?.url ?? '').pathname);
      expect(existsSync(local), local).toBe(true);
      expect(item?.content).toContain(`<img src="${image?.url}" alt="${COVER_ALT}"`);
      // Items without a cover carry no enclosure (the one news item with a cover has its own).
      const uncovered = feed.items.filter((i) => i !== item && !i.url?.endsWith(`/news/${COVER_SLUG}/`));
      for (const other of uncovered) expect(other.media).toEqual([]);
    }
  });

  it('a feed item is dated when it was published, not by the event it announces', async () => {
    const feed = parseFeed(readFileSync(join(site.dist, 'rss.xml'), 'utf8'));
    const published = new Map<string, string>();
    for (const type of ['news-items', 'trainings', 'lectures', 'relief-batches']) {
      const { json } = await site.cms.api('GET', `/api/${type}?fields[0]=slug&fields[1]=publishedAt&pagination[pageSize]=100`);
      for (const doc of json.data) published.set(doc.slug, doc.publishedAt);
    }
    for (const item of feed.items) {
      const slug = item.url?.split('/').filter(Boolean).pop() ?? '';
      const expected = published.get(slug);
      expect(expected, item.url ?? '').toBeTruthy();
      // RSS dates carry whole seconds.
      expect(item.published?.getTime(), item.url ?? '').toBe(Math.floor(Date.parse(expected as string) / 1000) * 1000);
    }
  });

  it('报名方式 and 咨询电话 go into the feed items that have them, the phones as tap-to-call links, and nowhere else', () => {
    for (const file of ['rss.xml', 'trainings/rss.xml', 'lectures/rss.xml']) {
      const feed = parseFeed(readFileSync(join(site.dist, file), 'utf8'));
      const training = feed.items.find((i) => i.url?.endsWith(`/trainings/${COVERED_TRAINING}/`));
      const lecture = feed.items.find((i) => i.url?.endsWith(`/lectures/${LECTURE_SLUG}/`));
      if (file !== 'lectures/rss.xml') {
        const content = training?.content ?? '';
        expect(content, file).toContain('<h2>报名与咨询</h2>');
        // Escaped as HTML text, line break and all, and read back exactly.
        expect(content).toContain(`<dt>报名方式</dt><dd>${REGISTRATION}</dd>`);
        expect(content).toContain(
          '<dt>咨询电话</dt><dd><a href="tel:05925312345">0592-5312345</a>、<a href="tel:05925316789">0592-5316789</a></dd>',
        );
      }
      if (file !== 'trainings/rss.xml') {
        const content = lecture?.content ?? '';
        expect(content, file).toContain('<dt>咨询电话</dt><dd><a href="tel:05922345678">0592-2345678</a></dd>');
        expect(content).not.toContain('报名方式');
      }
      for (const other of feed.items.filter((i) => i !== training && i !== lecture)) {
        expect(other.content, other.url ?? '').not.toMatch(/报名与咨询|报名方式|咨询电话|href="tel:/);
      }
    }
  });

  it('报名方式 and 咨询电话 go into the calendar: DESCRIPTION and CONTACT, escaped and folded, absent when empty', () => {
    const text = readFileSync(join(site.dist, 'events.ics'), 'utf8');
    const unfolded = text.replace(/\r\n[ \t]/g, '');
    // The escaped form on the wire (RFC 5545 3.3.11).
    expect(unfolded).toContain(
      '\\n报名方式：请于4月16日前报名；名额50人\\;发送“姓名\\,单位”至 fl@example.org\\n或到市妇联302室\\\\现场登记\\n咨询电话：',
    );
    expect(unfolded.match(/^CONTACT:.*$/gm)).toEqual([
      `CONTACT:咨询电话：${ENQUIRY_PHONE}`,
      `CONTACT:咨询电话：${LECTURE_PHONE}`,
    ]);
    const events = Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => c?.type === 'VEVENT');
    const contactOf = (e: VEvent | undefined) => (e as unknown as { contact?: string } | undefined)?.contact;
    const cadres = events.find((e) => String(e.summary) === '全市妇联系统干部履职提升培训');
    expect(String(cadres?.description)).toContain(
      `\n报名方式：${REGISTRATION}\n咨询电话：${ENQUIRY_PHONE}\n详情：${site.url}/trainings/`,
    );
    expect(contactOf(cadres)).toBe(`咨询电话：${ENQUIRY_PHONE}`);
    const launch = events.find((e) => String(e.summary) === '2018年厦门市百场家庭教育公益讲座启动仪式');
    expect(String(launch?.description)).toContain(`\n咨询电话：${LECTURE_PHONE}\n详情：`);
    expect(String(launch?.description)).not.toContain('报名方式');
    expect(contactOf(launch)).toBe(`咨询电话：${LECTURE_PHONE}`);
    for (const other of events.filter((e) => e !== cadres && e !== launch)) {
      expect(String(other.description)).not.toMatch(/报名方式|咨询电话/);
      expect(contactOf(other)).toBeUndefined();
    }
  });

  it('the iCalendar feed follows RFC 5545: CRLF lines and a final CRLF, folded at 75 octets, UTC stamps', () => {
    const text = readFileSync(join(site.dist, 'events.ics'), 'utf8');
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    // No bare LF or CR: every line ends in CRLF.
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.slice(0, -2).split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
    // Unfolded, every timestamp without a TZID is UTC with Z.
    const unfolded = text.replace(/\r\n[ \t]/g, '').split('\r\n');
    const stamps = unfolded.filter((l) => /^(DTSTAMP|LAST-MODIFIED|CREATED):/.test(l));
    expect(stamps.length).toBeGreaterThanOrEqual(8);
    for (const stamp of stamps) expect(stamp).toMatch(/^[A-Z-]+:\d{8}T\d{6}Z$/);
    // Every TZID used has its VTIMEZONE.
    for (const tzid of new Set(unfolded.flatMap((l) => l.match(/;TZID=([^:;]+)/)?.[1] ?? []))) {
      expect(unfolded).toContain(`TZID:${tzid}`);
    }
    expect(unfolded.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(4);
    expect(unfolded.filter((l) => l.startsWith('DTEND'))).toHaveLength(4);
  });

  it('the iCalendar feed parses, with trainings over their days and lectures at their Beijing time, two hours long', () => {
    const calendar = ical.sync.parseICS(readFileSync(join(site.dist, 'events.ics'), 'utf8'));
    const events = Object.values(calendar).filter((c): c is VEvent => c?.type === 'VEVENT');
    expect(events).toHaveLength(4);
    const cadres = events.find((e) => String(e.summary) === '全市妇联系统干部履职提升培训');
    expect(cadres?.datetype).toBe('date');
    expect(cadres?.start.toISOString().slice(0, 10)).toBe('2018-04-17');
    const launch = events.find((e) => String(e.summary) === '2018年厦门市百场家庭教育公益讲座启动仪式');
    expect(launch?.start.toISOString()).toBe('2018-04-24T01:00:00.000Z');
    expect(launch?.end?.toISOString()).toBe('2018-04-24T03:00:00.000Z');
    expect(launch?.location).toBe('厦门市金尚中学');
    expect(launch?.dtstamp).toBeInstanceOf(Date);
    expect(launch?.lastmodified?.getTime()).toBe(launch?.dtstamp?.getTime());
    // URL;VALUE=URI:… parses as an object carrying the value and its parameters.
    const url = launch?.url as unknown as { val?: string } | string | undefined;
    expect(typeof url === 'object' ? url?.val : url).toMatch(new RegExp(`^${site.url}/lectures/`));
    expect(readFileSync(join(site.dist, 'events.ics'), 'utf8')).toContain('DTSTART;TZID=Asia/Shanghai:20180424T090000');
  });
});

describe('site furniture from Site settings', () => {
  it('every page has the emblem, 主办单位, 找错 for that page and the 网站地图 link', async () => {
    for (const path of ['/', PAGE_TYPES['news article'] as string]) {
      const { page } = await visit(path, 1280);
      try {
        const emblem = page.locator('.site-name img');
        expect(await emblem.getAttribute('alt')).toBe('');
        const src = (await emblem.getAttribute('src')) ?? '';
        // Encoded once, ever, in the image store, as every image of the site is.
        expect(src).toMatch(/^\/_img\/[^/]+\.png$/);
        expect(existsSync(join(site.dist, src)), src).toBe(true);
        expect(await emblem.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
        expect(await page.locator('footer').textContent()).toContain('主办单位：厦门市妇女联合会');
        const report = new URL((await page.getByRole('link', { name: /^找错/ }).getAttribute('href')) ?? '');
        expect(report.protocol).toBe('mailto:');
        expect(report.pathname).toBe('demo@example.gov.cn');
        expect(report.searchParams.get('subject')).toMatch(/^网站找错：/);
        expect(report.searchParams.get('body')).toContain(`${site.url}${path}`);
        expect(await page.getByRole('link', { name: '网站地图' }).getAttribute('href')).toBe('/sitemap/');
      } finally {
        await page.context().close();
      }
    }
  });

  it('the 网站地图 lists sections, categories, series, programmes and years, and no single document', async () => {
    const { page } = await visit('/sitemap/', 375);
    try {
      const links = await page.$$eval('main a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
      for (const expected of [
        '/',
        '/news/',
        '/trainings/',
        '/lectures/',
        '/relief/',
        '/about/',
        '/archive/',
        '/search/',
        '/news/category/dang-jian-gong-zuo/',
        '/lectures/series/baichang-jiating-jiaoyu-gongyi-jiangzuo/',
        '/relief/siai-jiuzhu/',
        '/archive/2018/',
        '/rss.xml',
        '/events.ics',
      ]) {
        expect(links).toContain(expected);
      }
      const documentLink = /^\/(news|trainings|lectures)\/(?!category\/|series\/)[^/]+\/$|^\/relief\/[^/]+\/[^/]+\/$/;
      expect(links.filter((href) => documentLink.test(href))).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

describe('search in Chinese', () => {
  const EXPECTED_FIRST: Record<string, RegExp> = {
    救助: /^\/relief\//,
    讲座: /^\/lectures\//,
    家庭教育: /百场家庭教育|家长学校|\/lectures\//,
    妇联通: /^\/trainings\/xinxi-xinmeiti-fuliantong-peixun\/|^\/news\/xinmeiti-fuliantong-peixun\//,
    // People: the whole name is marked, never a word sharing a character (亚洲 for 吴亚汝).
    吴亚汝: /^\/news\//,
    田素英: /^\/news\/.*田素英/,
    // A place, and numbers: a follower count and a lecture's time stay whole.
    金尚中学: /百场家庭教育|家长学校|金尚中学/,
    '301513': /妇联通/,
    '09:00': /^\/lectures\//,
  };

  /** The results shown: each title with its link, and the first excerpt with its marks. */
  async function shown(page: Page) {
    await page.waitForSelector('#search-results h2');
    const first = page.locator('.search-results h3 a').first();
    return {
      href: (await first.getAttribute('href')) ?? '',
      title: (await first.textContent()) ?? '',
      excerpt: (await page.locator('.search-results li > p:last-child').first().innerHTML()) ?? '',
      titles: await page.locator('.search-results h3 a').allTextContents(),
      excerpts: await page.locator('.search-results li > p:last-child').allTextContents(),
    };
  }

  for (const [query, expected] of Object.entries(EXPECTED_FIRST)) {
    it(`“${query}” finds the right documents first, and shows them as the pages read`, async () => {
      const { page, errors } = await visit(`/search/?q=${encodeURIComponent(query)}`, 1280);
      try {
        const { href, title, excerpt, titles, excerpts } = await shown(page);
        expect(`${href} ${title}`).toMatch(expected);
        expect(await page.locator('.search-results .tag').first().textContent()).toMatch(/新闻|培训|讲座|救助/);
        // Only the whole query is marked; excerpts are joined with Chinese punctuation or "…",
        // and no space split by the index shows between Chinese words, in a time or in a title.
        const marks = excerpt.match(/<mark>[^<]*<\/mark>/g) ?? [];
        expect(marks.length).toBeGreaterThan(0);
        for (const mark of marks) expect(mark).toBe(`<mark>${query}</mark>`);
        // Titles are shown as written (some have a space of their own: see the next test).
        for (const text of excerpts) expect(text).not.toMatch(/\p{Script=Han} \p{Script=Han}/u);
        for (const text of [...titles, ...excerpts]) {
          expect(text).not.toMatch(/\p{Script=Han}\. /u);
          expect(text).not.toMatch(/\d : \d/);
          expect(text).not.toMatch(/（(CSV|JSON)）/);
        }
        expect(errors).toEqual([]);
      } finally {
        await page.context().close();
      }
    });
  }

  it('keeps a title’s own spaces', async () => {
    const { page } = await visit(`/search/?q=${encodeURIComponent('平安创建')}`, 1280);
    try {
      const { titles } = await shown(page);
      expect(titles).toContain('市妇联认真落实综治责任 积极推进平安创建工作');
    } finally {
      await page.context().close();
    }
  });

  it('shows a relief batch’s figures as separate facts, without its download links', async () => {
    const { page } = await visit(`/search/?q=${encodeURIComponent('救助人数')}`, 1280);
    try {
      await page.waitForSelector('#search-results h2');
      // The programme page, whose description names 救助人数, may rank above the batch: take the
      // batch's result (/relief/<programme>/<batch>/).
      const hrefs = await page.locator('.search-results h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      const index = hrefs.findIndex((h) => /^\/relief\/[^/]+\/[^/]+\/$/.test(h));
      expect(index, hrefs.join(' ')).toBeGreaterThanOrEqual(0);
      const excerpt = await page.locator('.search-results li > p:last-child').nth(index).innerHTML();
      expect(excerpt.replace(/<\/?mark>/g, '')).toMatch(/救助人数：\d+人/);
    } finally {
      await page.context().close();
    }
  });

  it('filters results by section, and the filter is in the address', async () => {
    const { page } = await visit(`/search/?q=${encodeURIComponent('家庭教育')}`, 1280);
    try {
      await page.waitForSelector('#search-results h2');
      await page.getByLabel('新闻').check();
      await page.waitForFunction(() => document.querySelector('#search-results h2')?.textContent?.includes('（新闻）'));
      const tags = await page.locator('.search-results .tag').allTextContents();
      expect(tags.length).toBeGreaterThan(0);
      expect(new Set(tags)).toEqual(new Set(['新闻']));
      expect(new URL(page.url()).searchParams.get('section')).toBe('新闻');
      // The address alone brings the same filtered results back.
      const again = await page.context().newPage();
      await gotoSettled(again, page.url());
      await again.waitForSelector('#search-results h2');
      expect(await again.locator('#search-results h2').textContent()).toContain('（新闻）');
      expect(await again.getByLabel('新闻').isChecked()).toBe(true);
    } finally {
      await page.context().close();
    }
  });

  describe('on a site with more results than one page shows', () => {
    let work: string;
    let larger: { url: string; server: Server };
    let shards = 0;

    beforeAll(async () => {
      // The demo site plus the benchmark corpus's documents at 0.01x, indexed as the publisher does.
      work = mkdtempSync(join(tmpdir(), 'fulian-search-e2e-'));
      const dist = join(work, 'dist');
      cpSync(site.dist, dist, { recursive: true });
      writeCorpusPages(dist, 0.01);
      shards = (await indexSite({ outDir: dist, workDir: join(work, 'index'), full: true, pagesPerShard: 40 })).shards.length;
      larger = await serveStatic(dist, await freePort());
    });
    afterAll(() => {
      larger?.server.close();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it('shows 10 results, then 10 more with 更多, from an index built in shards', async () => {
      expect(shards).toBeGreaterThan(1);
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      try {
        await gotoSettled(page, `${larger.url}/search/?q=${encodeURIComponent('妇联')}`);
        await page.waitForSelector('#search-results h2');
        const total = Number(/共找到 (\d+) 条/.exec((await page.locator('#search-results h2').textContent()) ?? '')?.[1]);
        expect(total).toBeGreaterThan(20);
        expect(await page.locator('.search-results > li').count()).toBe(10);
        const more = page.getByRole('button', { name: /^更多/ });
        expect(await more.textContent()).toBe(`更多（还有 ${total - 10} 条）`);
        await more.click();
        await page.waitForFunction(() => document.querySelectorAll('.search-results > li').length === 20);
        // Keyboard users go on from the first new result.
        expect(
          await page.evaluate(
            () => document.activeElement === document.querySelectorAll('.search-results > li')[10]?.querySelector('a'),
          ),
        ).toBe(true);
        const hrefs = await page.locator('.search-results h3 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
        expect(new Set(hrefs).size).toBe(20);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  });

  it('without JavaScript, the search box still leads somewhere useful, and no dead control shows', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${site.url}/`);
      await page.fill('#page-search', '救助');
      await Promise.all([page.waitForURL(/\/search\/\?q=/), page.click('.home-search button')]);
      // The server (here npm start's, as nginx in production) keeps the query in the box.
      expect(await page.inputValue('#page-search')).toBe('救助');
      expect(await page.locator('#search-fallback a[href="/relief/"]').count()).toBe(1);
      expect(await page.locator('#search-fallback a[href="/sitemap/"]').count()).toBe(1);
      expect(await page.locator('#search-fallback a[href="/archive/"]').count()).toBe(1);
      expect(await page.locator('#section-filter').isVisible()).toBe(false);
      expect(await page.locator('.more-results').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

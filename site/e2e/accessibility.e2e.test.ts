import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { demoSiteInBrowser } from '@fulian/testkit/demo-browser';
import { gotoSettled } from '@fulian/testkit/settle';
import Papa from 'papaparse';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PAGE_TYPES } from './page-types.ts';

// WCAG 2.2 AA as axe-core checks it, in normal and elder mode, on a phone and a desktop;
// the keyboard alone; and the relief figures: chart, table and CSV telling the same story.

const demo = demoSiteInBrowser();

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

async function open(path: string, width: number, elder: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const context = await demo.browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' });
  if (elder) await context.addInitScript(() => localStorage.setItem('elder-mode', '1'));
  const page = await context.newPage();
  await gotoSettled(page, `${demo.site.url}${path}`);
  return { context, page };
}

describe('axe-core finds no violation', () => {
  for (const [name, path] of Object.entries(PAGE_TYPES)) {
    for (const elder of [false, true]) {
      for (const width of [375, 1280]) {
        it(`${name}, ${elder ? 'elder' : 'normal'} mode, ${width} px`, async () => {
          const { context, page } = await open(path, width, elder);
          try {
            if (path.startsWith('/search/')) await page.waitForSelector('#search-results h2');
            expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(elder);
            const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
            const violations = results.violations.map(
              (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`,
            );
            expect(violations).toEqual([]);
          } finally {
            await context.close();
          }
        });
      }
    }
  }
});

describe('elder mode', () => {
  it('makes text larger, lines at least 1.3 apart, and targets bigger, and is remembered', async () => {
    const { context, page } = await open('/news/ganbu-lvzhi-tisheng-peixun/', 375, false);
    try {
      const measure = () =>
        page.evaluate(() => {
          const p = document.querySelector('.prose p') as HTMLElement;
          const style = getComputedStyle(p);
          // On a phone the navigation is behind the header's menu button.
          const nav = document.querySelector('.site-header summary') as HTMLElement;
          return {
            font: Number.parseFloat(style.fontSize),
            line: Number.parseFloat(style.lineHeight) / Number.parseFloat(style.fontSize),
            target: nav.getBoundingClientRect().height,
          };
        });
      const normal = await measure();
      await page.getByRole('link', { name: /长辈模式/ }).click();
      const elder = await measure();
      expect(elder.font).toBeGreaterThanOrEqual(normal.font * 1.25);
      expect(elder.line).toBeGreaterThanOrEqual(1.3);
      expect(elder.target).toBeGreaterThanOrEqual(60);
      await page.goto(`${demo.site.url}/trainings/`);
      expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
      await page.getByRole('link', { name: /标准模式/ }).click();
      await page.goto(`${demo.site.url}/`);
      expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('works with JavaScript off', async () => {
    const context = await demo.browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${demo.site.url}/news/ganbu-lvzhi-tisheng-peixun/`);
      const size = () =>
        page.evaluate(() => Number.parseFloat(getComputedStyle(document.querySelector('.prose p') as HTMLElement).fontSize));
      const before = await size();
      await page.getByRole('link', { name: /长辈模式/ }).click();
      expect(await size()).toBeGreaterThanOrEqual(before * 1.25);
      await expect(page.getByRole('link', { name: /标准模式/ }).isVisible()).resolves.toBe(true);
    } finally {
      await context.close();
    }
  });
});

describe('the keyboard alone', () => {
  it('reaches the skip link, search, every navigation link and the elder switch, each visibly focused', async () => {
    const { context, page } = await open('/news/', 1280, false);
    try {
      const reached: string[] = [];
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return null;
          const style = getComputedStyle(el);
          return {
            text: (el.textContent || el.getAttribute('aria-label') || el.id || el.tagName).trim(),
            visible: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2,
          };
        });
        if (!focused) continue;
        expect(focused.visible, `focus ring on ${focused.text}`).toBe(true);
        reached.push(focused.text);
      }
      expect(reached[0]).toBe('跳到正文');
      expect(reached).toContain('site-search');
      for (const label of ['首页', '新闻动态', '培训', '讲座', '救助', '关于我们']) expect(reached).toContain(label);
      expect(reached.some((t) => t.startsWith('长辈模式'))).toBe(true);
      // The skip link moves focus into the main content.
      await page.goto(`${demo.site.url}/news/`);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    } finally {
      await context.close();
    }
  });

  it('switches elder mode with Enter', async () => {
    const { context, page } = await open('/', 1280, false);
    try {
      await page.getByRole('link', { name: /长辈模式/ }).focus();
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
    } finally {
      await context.close();
    }
  });
});

describe('relief figures', () => {
  const BATCH = '/relief/siai-jiuzhu/2018-disanpi-siai-jiuzhujin/';

  it('each chart’s bars match its table, and a sentence says what it shows', async () => {
    const { context, page } = await open(BATCH, 1280, false);
    try {
      for (const id of ['district', 'age', 'cancer']) {
        const bars = await page.$$eval(`[data-chart="${id}"] [data-label]`, (groups) =>
          groups.map((g) => ({
            label: g.getAttribute('data-label'),
            value: Number(g.getAttribute('data-value')),
            width: Number(g.querySelector('rect')?.getAttribute('width')),
          })),
        );
        const rows = await page.$$eval(`#${id}-heading ~ .chart-and-table table tbody tr`, (trs) =>
          trs.map((tr) => ({ label: tr.querySelector('th')?.textContent, value: Number(tr.querySelector('td')?.textContent) })),
        );
        expect(bars.map(({ label, value }) => ({ label, value }))).toEqual(rows);
        const max = Math.max(...bars.map((b) => b.value));
        for (const bar of bars) expect(bar.width).toBe(Math.round((bar.value / max) * 220));
        expect(await page.locator(`#${id}-desc`).textContent()).toMatch(/共 \d+ 类、15 人/);
      }
      expect(await page.locator('.figures').textContent()).toContain('14.6122万元');
      expect(await page.locator('.figures').textContent()).toContain('¥146,122.00');
    } finally {
      await context.close();
    }
  });

  it('the CSV downloads parse back to the same numbers as the records, with a BOM for Excel', () => {
    const batches = readFileSync(join(demo.site.dist, 'relief/siai-jiuzhu/batches.csv'), 'utf8');
    expect(batches.charCodeAt(0)).toBe(0xfeff);
    const parsed = Papa.parse<Record<string, string>>(batches.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toEqual([
      {
        救助项目: '贫困妇女“四癌”救助',
        年度: '2018',
        批次: '3',
        发放日期: '2018-04-23',
        '发放金额（元）': '146122.00',
        救助人数: '15',
      },
    ]);
    const breakdowns = Papa.parse<Record<string, string>>(
      readFileSync(join(demo.site.dist, 'relief/siai-jiuzhu/breakdowns.csv'), 'utf8').slice(1),
      {
        header: true,
        skipEmptyLines: true,
      },
    );
    const district = breakdowns.data.filter((r) => r.分布 === '区域分布').map((r) => [r.类别, Number(r.人数)]);
    expect(district).toEqual([
      ['思明区', 1],
      ['湖里区', 1],
      ['集美区', 4],
      ['海沧区', 1],
      ['同安区', 8],
    ]);
    for (const name of ['区域分布', '年龄分布', '癌种分类']) {
      expect(breakdowns.data.filter((r) => r.分布 === name).reduce((sum, r) => sum + Number(r.人数), 0)).toBe(15);
    }
    const json = JSON.parse(readFileSync(join(demo.site.dist, 'relief/siai-jiuzhu/statistics.json'), 'utf8'));
    expect(json.batches[0].amount).toBe('146122.00');
    expect(json.batches[0].byCancerType).toEqual([
      { label: '乳腺癌', count: 6 },
      { label: '子宫癌', count: 3 },
      { label: '卵巢癌', count: 1 },
      { label: '宫颈癌', count: 5 },
    ]);
  });
});

import AxeBuilder from '@axe-core/playwright';
import { demoSiteInBrowser } from '@fulian/testkit/demo-browser';
import { gotoSettled } from '@fulian/testkit/settle';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PAGE_TYPES } from './page-types.ts';

// Elder mode and phones, as a reader meets them: nothing breaks inside a number, the header
// leaves room for the text, focus is visible on every background, and elder mode meets the
// MIIT 适老化 figures (24 px text, 1.3 line spacing, 60 px targets, 4.5:1 contrast, a high-
// contrast option, a large cursor, the keyboard throughout, 语音阅读). Each at 375 and 1280 px
// in both modes.

// An article whose body holds a wide table: tables in bodies must scroll in a labelled region.
const demo = demoSiteInBrowser(async (cms) => {
  const { status } = await cms.api('POST', '/api/news-items', {
    data: { title: '表格新闻', slug: 'biao-ge-xin-wen', date: '2018-04-25', summary: '正文中有一个宽表格。', body: WIDE_TABLE },
  });
  expect(status).toBe(201);
});

const WIDTHS = [375, 1280] as const;
const MODES = ['normal', 'elder'] as const;
type Mode = (typeof MODES)[number];

const ARTICLE = PAGE_TYPES['news article'] as string;
const PROGRAMME = PAGE_TYPES['relief programme'] as string;
const BATCH = PAGE_TYPES['relief batch'] as string;
const TRAINING = PAGE_TYPES.training as string;

/** An article whose body has a table far wider than a phone, as editors paste them from Word. */
const TABLE_ARTICLE = '/news/biao-ge-xin-wen/';
const WIDE_TABLE = [
  '2018年第三批救助金发放情况如下表。',
  '',
  '| 年度 | 批次 | 发放金额 | 救助人数 | 发放日期 | 思明区 | 湖里区 | 同安区 | 备注 |',
  '| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | --- |',
  '| 2018年 | 第三批 | 14.6122万元 | 15 | 2018年4月24日 | 3 | 4 | 8 | 乳腺癌9人，宫颈癌6人，由各区妇联发放 |',
  '| 2018年 | 第二批 | 21.3500万元 | 22 | 2018年3月20日 | 6 | 7 | 9 | 含两名复发患者 |',
].join('\n');

async function open(
  path: string,
  width: number,
  mode: Mode,
  options: { contrast?: boolean; height?: number; init?: () => void } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  // bypassCSP: the test injects its own measuring script (tabThrough), which the site's
  // Content-Security-Policy (no inline script) rightly refuses; the site's own code runs as served.
  const context = await demo.browser.newContext({
    viewport: { width, height: options.height ?? 812 },
    locale: 'zh-CN',
    bypassCSP: true,
  });
  if (mode === 'elder') await context.addInitScript(() => localStorage.setItem('elder-mode', '1'));
  if (options.contrast) await context.addInitScript(() => localStorage.setItem('contrast-mode', '1'));
  if (options.init) await context.addInitScript(options.init);
  const page = await context.newPage();
  await gotoSettled(page, `${demo.site.url}${path}`);
  expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(mode === 'elder');
  return { context, page };
}

/** Runs `check` on a page opened at each width in each mode. */
function everyWidthAndMode(name: string, path: string, check: (page: Page, width: number, mode: Mode) => Promise<void>) {
  for (const mode of MODES) {
    for (const width of WIDTHS) {
      it(`${name}: ${mode} mode, ${width} px`, async () => {
        const { context, page } = await open(path, width, mode);
        try {
          await check(page, width, mode);
        } finally {
          await context.close();
        }
      });
    }
  }
}

/**
 * How many lines each matching element's text takes, counted per text node: a number or
 * word broken over two lines ("20/18/年") shows as a text node with more than one line box.
 * Visually hidden text (for screen readers) is left out.
 */
function linesOf(page: Page, selector: string): Promise<{ text: string; lines: number }[]> {
  return page.$$eval(selector, (elements) =>
    elements
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => {
        let lines = 0;
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (!node.textContent?.trim() || node.parentElement?.closest('.visually-hidden')) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          // Rects of one line differ by a pixel or two (inline boxes of different fonts).
          const bottoms = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.bottom);
          bottoms.sort((a, b) => a - b);
          let count = bottoms.length ? 1 : 0;
          for (let i = 1; i < bottoms.length; i++) if ((bottoms[i] as number) - (bottoms[i - 1] as number) > 4) count++;
          lines = Math.max(lines, count);
        }
        return { text: (el.textContent ?? '').trim(), lines };
      }),
  );
}

/** The WCAG contrast ratio of two CSS colours, worked out in the page. */
const CONTRAST_HELPERS = `
  window.__rgb = (css) => {
    const m = css.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  window.__luminance = ({ r, g, b }) => {
    const lin = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  window.__contrast = (a, b) => {
    const [x, y] = [window.__luminance(a), window.__luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  // The colour a focus ring drawn outside an element lies on: the nearest ancestor's opaque background.
  window.__backgroundBehind = (el) => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const c = window.__rgb(getComputedStyle(node).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
`;

interface Focused {
  label: string;
  ring: number;
  style: string;
  contrast: number;
}

/** Tabs through the whole page, recording each element reached and its focus ring. */
async function tabThrough(page: Page): Promise<Focused[]> {
  await page.addScriptTag({ content: CONTRAST_HELPERS });
  const reached: Focused[] = [];
  const seen = new Set<unknown>();
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const w = window as unknown as Record<string, (...args: unknown[]) => unknown>;
      const style = getComputedStyle(el);
      const ring = w.__rgb?.(style.outlineColor) as object;
      const behind = w.__backgroundBehind?.(el) as object;
      if (!el.dataset.tabbed) el.dataset.tabbed = String(Object.keys(el.dataset).length + Math.random());
      return {
        key: el.dataset.tabbed,
        label: `${el.tagName.toLowerCase()} ${(el.textContent || el.getAttribute('aria-label') || el.id).trim().slice(0, 30)}`,
        ring: style.outlineStyle === 'none' ? 0 : Number.parseFloat(style.outlineWidth),
        style: style.outlineStyle,
        contrast: w.__contrast?.(ring, behind) as number,
      };
    });
    if (!focused) continue;
    if (seen.has(focused.key)) break;
    seen.add(focused.key);
    reached.push({ label: focused.label, ring: focused.ring, style: focused.style, contrast: focused.contrast });
  }
  return reached;
}

/** Every visible element a reader can Tab to, as the page declares them. */
function focusableCount(page: Page): Promise<number> {
  return page.$$eval(
    'a[href], button:not([disabled]), input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])',
    (elements) =>
      elements.filter((el) => {
        const rect = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        // The skip link is off-screen until focused; it counts.
        return (rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden') || el.classList.contains('skip-link');
      }).length,
  );
}

describe('no number or word breaks in tables, charts and figures', () => {
  for (const path of [PROGRAMME, BATCH, TRAINING, '/']) {
    everyWidthAndMode(path, path, async (page) => {
      const broken = (
        await linesOf(
          page,
          '.data-table th, .data-table td:not(.wrap), .bar-chart .chart-label, .bar-chart .chart-value, .figures dd',
        )
      ).filter((cell) => cell.lines > 1);
      expect(broken, JSON.stringify(broken)).toEqual([]);
      // A table that may be wider than the screen scrolls in a region the keyboard reaches and
      // a screen reader names.
      const regions = await page.$$eval('.data-table', (tables) =>
        tables.map((t) => {
          const region = t.parentElement as HTMLElement;
          return {
            role: region.getAttribute('role'),
            label: Boolean(region.getAttribute('aria-label')),
            tabindex: region.getAttribute('tabindex'),
            scrolls: getComputedStyle(region).overflowX,
          };
        }),
      );
      for (const region of regions) expect(region).toEqual({ role: 'region', label: true, tabindex: '0', scrolls: 'auto' });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});

describe('a wide table in an article body', () => {
  everyWidthAndMode(
    'scrolls in a labelled region the keyboard reaches, and breaks no number',
    TABLE_ARTICLE,
    async (page, width, mode) => {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, 'horizontal overflow of the page in px').toBeLessThanOrEqual(0);
      const region = page.locator('.prose [role="region"]');
      expect(await region.count()).toBe(1);
      expect(await region.getAttribute('aria-label')).toBe(
        '表格：年度、批次、发放金额、救助人数、发放日期、思明区、湖里区、同安区、备注',
      );
      expect(await region.evaluate((el) => el.contains(el.querySelector('table')))).toBe(true);
      // On a phone the table is wider than its region, which scrolls (the page does not).
      const scroll = await region.evaluate((el) => ({
        overflowX: getComputedStyle(el).overflowX,
        wider: el.scrollWidth > el.clientWidth,
      }));
      expect(scroll.overflowX).toBe('auto');
      if (width === 375) expect(scroll.wider).toBe(true);
      // Every cell but the one of running text stays on one line: no "20/18/年", no "14.6/122/万元".
      const cells = await linesOf(page, '.prose th, .prose td');
      for (const text of ['2018年', '14.6122万元', '2018年4月24日', '第三批', '发放金额']) {
        expect(cells.find((c) => c.text === text)?.lines, text).toBe(1);
      }
      const broken = cells.filter((c) => c.lines > 1 && !c.text.includes('，'));
      expect(broken, JSON.stringify(broken)).toEqual([]);
      // The keyboard reaches the region (to scroll it with the arrow keys), with a visible ring.
      const reached = await tabThrough(page);
      const stop = reached.find((f) => f.label.startsWith('div '));
      expect(stop, JSON.stringify(reached.map((f) => f.label))).toBeTruthy();
      expect(stop?.ring).toBeGreaterThanOrEqual(2);
      expect(stop?.contrast).toBeGreaterThanOrEqual(3);
      await region.focus();
      const before = await region.evaluate((el) => el.scrollLeft);
      await page.keyboard.press('ArrowRight');
      if (width === 375) await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(before);
      if (mode === 'elder' && width === 375) {
        const results = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
          .analyze();
        expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`)).toEqual([]);
      }
    },
  );
});

describe('chart text', () => {
  it('is HTML text that grows with elder mode and is never smaller than the body text', async () => {
    const sizes: Record<string, { label: number; value: number; body: number }> = {};
    for (const mode of MODES) {
      for (const width of WIDTHS) {
        const { context, page } = await open(BATCH, width, mode);
        try {
          sizes[`${mode} ${width}`] = await page.evaluate(() => {
            const px = (selector: string) =>
              Number.parseFloat(getComputedStyle(document.querySelector(selector) as Element).fontSize);
            return { label: px('.bar-chart .chart-label'), value: px('.bar-chart .chart-value'), body: px('body') };
          });
          // No chart text is drawn inside an SVG, where it would shrink with the drawing.
          expect(await page.locator('.chart svg text').count()).toBe(0);
        } finally {
          await context.close();
        }
      }
    }
    for (const [run, size] of Object.entries(sizes)) {
      expect(size.label, run).toBeGreaterThanOrEqual(size.body);
      expect(size.value, run).toBeGreaterThanOrEqual(size.body);
    }
    for (const width of WIDTHS) {
      expect(sizes[`elder ${width}`]?.label).toBeGreaterThanOrEqual(24);
      expect(sizes[`elder ${width}`]?.label).toBeGreaterThanOrEqual((sizes[`normal ${width}`]?.label ?? 0) * 1.4);
    }
  });
});

describe('the header on a phone', () => {
  for (const mode of MODES) {
    const limit = mode === 'elder' ? 0.25 : 0.2;
    for (const [name, path] of Object.entries(PAGE_TYPES)) {
      it(`${name}, ${mode} mode: at most ${limit * 100} % of a 375 x 812 first screen`, async () => {
        const { context, page } = await open(path, 375, mode);
        try {
          const share = await page.evaluate(
            () => (document.querySelector('.site-header') as HTMLElement).getBoundingClientRect().height / innerHeight,
          );
          expect(share).toBeLessThanOrEqual(limit);
        } finally {
          await context.close();
        }
      });
    }
  }

  everyWidthAndMode('navigation', ARTICLE, async (page, width) => {
    const menu = page.locator('details.menu');
    const bar = page.locator('nav.site-nav');
    if (width === 375) {
      // A closed <details>: the links open with the keyboard, and without script.
      await expect(menu.isVisible()).resolves.toBe(true);
      await expect(bar.isVisible()).resolves.toBe(false);
      await expect(menu.getByRole('link', { name: '培训' }).isVisible()).resolves.toBe(false);
      await menu.locator('summary').focus();
      await page.keyboard.press('Enter');
      await expect(menu.getByRole('link', { name: '培训' }).isVisible()).resolves.toBe(true);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('首页');
      // The compact search is in the header, on one row with the menu.
      const [summary, search] = await Promise.all([
        menu.locator('summary').boundingBox(),
        page.locator('#site-search').boundingBox(),
      ]);
      expect(
        Math.abs((summary?.y ?? 0) + (summary?.height ?? 0) / 2 - ((search?.y ?? 0) + (search?.height ?? 0) / 2)),
      ).toBeLessThan(4);
    } else {
      await expect(menu.isVisible()).resolves.toBe(false);
      await expect(bar.getByRole('link', { name: '培训' }).isVisible()).resolves.toBe(true);
    }
  });

  it('the menu opens without JavaScript', async () => {
    const context = await demo.browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 812 } });
    const page = await context.newPage();
    try {
      await page.goto(`${demo.site.url}${ARTICLE}`);
      await page.locator('details.menu summary').click();
      await page.locator('details.menu').getByRole('link', { name: '救助' }).click();
      expect(new URL(page.url()).pathname).toBe('/relief/');
    } finally {
      await context.close();
    }
  });
});

describe('the elder switch', () => {
  it('never wraps, from 768 to 1920 px and on a phone, in either mode', async () => {
    for (const mode of MODES) {
      for (const width of [375, 768, 900, 1024, 1280, 1440, 1920]) {
        const { context, page } = await open(ARTICLE, width, mode, { height: 900 });
        try {
          const switches = await linesOf(page, '.elder-switch');
          expect(switches, `${mode} ${width}`).toHaveLength(1);
          expect(switches[0]?.lines, `${mode} ${width}`).toBe(1);
        } finally {
          await context.close();
        }
      }
    }
  });
});

describe('focus and the keyboard', () => {
  for (const path of [ARTICLE, PROGRAMME, '/']) {
    everyWidthAndMode(`${path}: every element is reached by Tab, with a ring of at least 3:1`, path, async (page, width) => {
      if (width === 375) await page.locator('details.menu').evaluate((d) => d.setAttribute('open', ''));
      const expected = await focusableCount(page);
      const reached = await tabThrough(page);
      expect(reached.length).toBe(expected);
      const weak = reached.filter((f) => f.ring < 2 || f.contrast < 3);
      expect(weak).toEqual([]);
    });
  }
});

describe('relief programme pages put the help first', () => {
  everyWidthAndMode('programme', PROGRAMME, async (page) => {
    const order = await page.$$eval('article h2', (hs) => hs.map((h) => h.textContent?.trim()));
    expect(order[0]).toMatch(/^申请条件/);
    const first = await page.evaluate(() => {
      const article = document.querySelector('article') as HTMLElement;
      const eligibility = (document.getElementById('eligibility') as HTMLElement).getBoundingClientRect().top;
      const chart = (article.querySelector('.chart') as HTMLElement).getBoundingClientRect().top;
      const table = (article.querySelector('.data-table') as HTMLElement).getBoundingClientRect().top;
      return eligibility < chart && eligibility < table;
    });
    expect(first).toBe(true);
    // Whom to ask, beside the conditions.
    const contact = page.locator('#eligibility ~ .apply-contact a[href^="tel:"]');
    await expect(contact.count()).resolves.toBe(1);
  });
});

describe('elder mode meets the MIIT 适老化 figures', () => {
  everyWidthAndMode('text size, line and paragraph spacing', ARTICLE, async (page, _width, mode) => {
    const text = await page.evaluate(() => {
      const visible = (el: Element) => {
        const r = el.getBoundingClientRect();
        return r.width > 1 && r.height > 1 && !el.closest('.visually-hidden');
      };
      const sizes = [...document.querySelectorAll('main *, footer *')]
        .filter((el) => visible(el) && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent?.trim()))
        .map((el) => ({
          text: (el.textContent ?? '').trim().slice(0, 20),
          px: Number.parseFloat(getComputedStyle(el).fontSize),
        }));
      const paragraphs = [...document.querySelectorAll('.prose p')] as HTMLElement[];
      const first = paragraphs[0] as HTMLElement;
      const second = paragraphs[1] as HTMLElement;
      const style = getComputedStyle(first);
      const lineHeight = Number.parseFloat(style.lineHeight);
      return {
        smallest: sizes.reduce((min, s) => (s.px < min.px ? s : min), { text: '', px: Infinity }),
        body: Number.parseFloat(style.fontSize),
        leading: lineHeight / Number.parseFloat(style.fontSize),
        lineHeight,
        gap: second.getBoundingClientRect().top - first.getBoundingClientRect().bottom,
      };
    });
    expect(text.leading).toBeGreaterThanOrEqual(1.3);
    if (mode === 'elder') {
      expect(text.body).toBeGreaterThanOrEqual(24);
      expect(text.smallest.px, `smallest text: ${text.smallest.text}`).toBeGreaterThanOrEqual(24);
      expect(text.gap).toBeGreaterThanOrEqual(1.3 * text.lineHeight);
    }
  });

  for (const path of [ARTICLE, PROGRAMME, BATCH, TRAINING, '/', PAGE_TYPES['news list'] as string]) {
    everyWidthAndMode(`${path}: targets`, path, async (page, width, mode) => {
      if (width === 375) await page.locator('details.menu').evaluate((d) => d.setAttribute('open', ''));
      const min = mode === 'elder' ? 60 : 44;
      // Links inside an editor's running text are exempt (WCAG 2.5.8's inline exception).
      const small = await page.$$eval(
        'a[href], button, summary, input:not([type="hidden"]), select, [tabindex="0"]',
        (elements, min) =>
          elements
            .filter((el) => !el.closest('.prose, .visually-hidden') && !el.classList.contains('skip-link'))
            .map((el) => ({ el, r: el.getBoundingClientRect() }))
            .filter(({ r }) => r.width > 0 && r.height > 0)
            .filter(({ r }) => r.width < min - 0.5 || r.height < min - 0.5)
            .map(
              ({ el, r }) =>
                `${el.tagName} ${(el.textContent ?? '').trim().slice(0, 20)} ${Math.round(r.width)}x${Math.round(r.height)}`,
            ),
        min,
      );
      expect(small).toEqual([]);
    });
  }

  for (const contrast of [false, true]) {
    everyWidthAndMode(`contrast of at least 4.5:1${contrast ? ', high contrast on' : ''}`, PROGRAMME, async (page, _w, mode) => {
      if (contrast && mode === 'elder') {
        await page.getByRole('link', { name: /高对比度/ }).click();
      }
      const results = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
      expect(results.violations.flatMap((v) => v.nodes.map((n) => n.target.join(' ')))).toEqual([]);
    });
  }

  it('offers a high-contrast background, remembered, and only inside elder mode', async () => {
    const { context, page } = await open(ARTICLE, 375, 'normal');
    try {
      await expect(page.getByRole('link', { name: /高对比度/ }).isVisible()).resolves.toBe(false);
      await page.getByRole('link', { name: /长辈模式/ }).click();
      await page.getByRole('link', { name: /高对比度/ }).click();
      const colours = () =>
        page.evaluate(() => ({
          page: getComputedStyle(document.body).backgroundColor,
          text: getComputedStyle(document.querySelector('.prose p') as Element).color,
        }));
      expect(await colours()).toEqual({ page: 'rgb(0, 0, 0)', text: 'rgb(255, 255, 255)' });
      await page.goto(`${demo.site.url}/trainings/`);
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(0, 0, 0)');
      await page.getByRole('link', { name: /常规配色/ }).click();
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(0, 0, 0)');
    } finally {
      await context.close();
    }
  });

  it('high contrast works without JavaScript', async () => {
    const context = await demo.browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 812 } });
    const page = await context.newPage();
    try {
      await page.goto(`${demo.site.url}${ARTICLE}`);
      await page.getByRole('link', { name: /长辈模式/ }).click();
      await page.getByRole('link', { name: /高对比度/ }).click();
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(0, 0, 0)');
      expect(await page.evaluate(() => getComputedStyle(document.body).fontSize)).not.toBe('17px');
    } finally {
      await context.close();
    }
  });

  everyWidthAndMode('a large cursor', ARTICLE, async (page, _w, mode) => {
    const cursors = await page.evaluate(() => ({
      page: getComputedStyle(document.body).cursor,
      link: getComputedStyle(document.querySelector('.site-name') as Element).cursor,
    }));
    if (mode === 'normal') {
      expect(cursors.page).toBe('auto');
      return;
    }
    for (const cursor of Object.values(cursors)) {
      const url = cursor.match(/url\("?([^")]+)"?\)/)?.[1];
      expect(url, cursor).toBeTruthy();
      const svg = await (await fetch(new URL(url as string, demo.site.url))).text();
      const size = Number(svg.match(/width="(\d+)"/)?.[1]);
      // Twice the usual 16-24 px pointer.
      expect(size).toBeGreaterThanOrEqual(48);
    }
  });
});

describe('语音阅读', () => {
  /** A zh-CN voice where the browser has none (headless chromium), recording what it is asked to say. */
  function fakeSpeech() {
    const spoken: string[] = [];
    (window as unknown as { spoken: string[] }).spoken = spoken;
    Object.defineProperty(window, 'speechSynthesis', {
      configurable: true,
      value: {
        getVoices: () => [{ lang: 'zh-CN', name: '普通话', default: true }],
        speak: (u: { text: string }) => spoken.push(u.text),
        cancel: () => undefined,
        addEventListener: () => undefined,
      },
    });
    Object.defineProperty(window, 'SpeechSynthesisUtterance', {
      configurable: true,
      value: class {
        text: string;
        lang = '';
        constructor(text: string) {
          this.text = text;
        }
      },
    });
  }

  for (const width of WIDTHS) {
    it(`reads the article aloud in zh-CN where the browser can, elder mode, ${width} px`, async () => {
      const { context, page } = await open(ARTICLE, width, 'elder', { init: fakeSpeech });
      try {
        const button = page.getByRole('button', { name: '朗读全文' });
        await expect(button.isVisible()).resolves.toBe(true);
        await button.click();
        const spoken = await page.evaluate(() => (window as unknown as { spoken: string[] }).spoken);
        const title = (await page.locator('h1').textContent())?.trim() ?? '';
        expect(spoken[0]).toBe(title);
        expect(spoken.join('')).toContain('基层妇联组织改革后新增执委较多');
        // Breadcrumbs are not read.
        expect(spoken.join('')).not.toContain('新闻动态›');
        await expect(page.getByRole('button', { name: '停止朗读' }).isVisible()).resolves.toBe(true);
      } finally {
        await context.close();
      }
    });

    it(`is not offered in normal mode or where the browser has no Chinese voice, ${width} px`, async () => {
      for (const [mode, init] of [
        ['normal', fakeSpeech],
        ['elder', undefined],
      ] as const) {
        const { context, page } = await open(ARTICLE, width, mode, init ? { init } : {});
        try {
          await expect(page.locator('.read-aloud').isVisible()).resolves.toBe(false);
        } finally {
          await context.close();
        }
      }
    });
  }
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.ts';
import { buildDemoSite, type DemoSite } from './demo-site.ts';

/**
 * For a browser test file: the demo site built and served, and a browser to look at it with,
 * started before the file's tests and stopped after them. Read `site` and `browser` inside
 * tests and hooks (they are set once the file's beforeAll has run).
 */
export function demoSiteInBrowser(
  /** Documents a test adds to the demo content before the build (as buildDemoSite takes them). */
  seed?: Parameters<typeof buildDemoSite>[0],
): { readonly site: DemoSite; readonly browser: Browser } {
  const held: { site?: DemoSite; browser?: Browser } = {};
  beforeAll(async () => {
    held.site = await buildDemoSite(seed);
    held.browser = await launchChromium();
  });
  afterAll(async () => {
    await held.browser?.close();
    await held.site?.stop();
  });
  return {
    get site() {
      if (!held.site) throw new Error('演示站点尚未启动：只能在测试或钩子中使用');
      return held.site;
    },
    get browser() {
      if (!held.browser) throw new Error('浏览器尚未启动：只能在测试或钩子中使用');
      return held.browser;
    },
  };
}

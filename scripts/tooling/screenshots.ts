// `npm run screenshots`: the demo site built and served from dist, photographed in Debian's
// chromium at phone and desktop widths into docs/screenshots/ (shown in the README).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { news } from '@fulian/shared-types/model';
import { addAdminUser } from '@fulian/testkit/admin-users';
import { launchChromium } from '@fulian/testkit/browser';
import { adminSession } from '@fulian/testkit/cms-helpers';
import { buildDemoSite } from '@fulian/testkit/demo-site';
import { startThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { buildCms } from './src/cms.ts';
import { ROOT } from './src/paths.ts';

const SHOTS: { name: string; path: string; elder?: boolean; waitFor?: string }[] = [
  { name: 'home', path: '/' },
  { name: 'news-article', path: '/news/ganbu-lvzhi-tisheng-peixun/' },
  { name: 'training', path: '/trainings/fulian-ganbu-lvzhi-tisheng/' },
  { name: 'relief-batch', path: '/relief/siai-jiuzhu/2018-disanpi-siai-jiuzhujin/' },
  { name: 'relief-programme', path: '/relief/siai-jiuzhu/' },
  { name: 'search', path: `/search/?q=${encodeURIComponent('家庭教育')}`, waitFor: '#search-results h2' },
  { name: 'elder-mode', path: '/news/ganbu-lvzhi-tisheng-peixun/', elder: true },
];
const WIDTHS = { phone: 375, desktop: 1280 };

function hasChineseFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
}

if (!hasChineseFont()) {
  process.stderr.write('没有中文字体，截图中的汉字会显示为方块：请先安装 fonts-noto-cjk（apt-get install -y fonts-noto-cjk）\n');
  process.exit(1);
}

const out = join(ROOT, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const site = await buildDemoSite();
const browser = await launchChromium();
try {
  for (const shot of SHOTS) {
    for (const [device, width] of Object.entries(WIDTHS)) {
      const context = await browser.newContext({
        viewport: { width, height: device === 'phone' ? 812 : 900 },
        deviceScaleFactor: 1,
      });
      if (shot.elder) await context.addInitScript(() => localStorage.setItem('elder-mode', '1'));
      const page = await context.newPage();
      await page.goto(`${site.url}${shot.path}`, { waitUntil: 'networkidle' });
      if (shot.waitFor) await page.waitForSelector(shot.waitFor);
      const file = join(out, `${shot.name}-${device}.jpg`);
      await page.screenshot({ path: file, fullPage: true, type: 'jpeg', quality: 78 });
      process.stdout.write(`${file}\n`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await site.stop();
}

// The admin as an 编辑 sees it, with the demo content: the news list and an article's edit view.
const CHIEF = { email: 'chief@fulian.local', password: 'Screenshots-Chief-1' };
const EDITOR = { email: 'editor@fulian.local', password: 'Screenshots-Editor-1', firstname: '晓', lastname: '林' };
await buildCms({ admin: true });
const cms = await startThrowawayCms({
  CMS_LOAD_DEMO: 'true',
  SERVE_ADMIN_PANEL: 'true',
  CMS_ADMIN_EMAIL: CHIEF.email,
  CMS_ADMIN_PASSWORD: CHIEF.password,
});
const adminBrowser = await launchChromium();
try {
  await addAdminUser(await adminSession(cms, CHIEF.email, CHIEF.password), EDITOR, 'fulian-editor');
  const context = await adminBrowser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`${cms.url}/admin/auth/login`);
  await page.fill('input[name="email"]', EDITOR.email);
  await page.fill('input[name="password"]', EDITOR.password);
  await page.click('button[type="submit"]');
  await page.waitForURL((url) => !url.pathname.includes('/auth/'));
  await page.goto(`${cms.url}/admin/content-manager/collection-types/${news.uid}`);
  await page.locator('tbody tr').first().waitFor();
  await page.waitForLoadState('networkidle');
  const list = join(out, 'admin-news-list-desktop.jpg');
  await page.screenshot({ path: list, type: 'jpeg', quality: 78 });
  process.stdout.write(`${list}\n`);
  await page.locator('tbody tr').first().click();
  await page.locator('input[name="title"]').waitFor();
  await page.waitForLoadState('networkidle');
  const edit = join(out, 'admin-news-edit-desktop.jpg');
  await page.screenshot({ path: edit, type: 'jpeg', quality: 78 });
  process.stdout.write(`${edit}\n`);
  await context.close();
} finally {
  await adminBrowser.close();
  await cms.stop();
}

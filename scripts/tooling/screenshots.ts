// `npm run screenshots`: the demo site built and served from dist, photographed in Debian's
// chromium at phone and desktop widths into docs/screenshots/ (shown in the README).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '@fulian/testkit/browser';
import { buildDemoSite } from '@fulian/testkit/demo-site';
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

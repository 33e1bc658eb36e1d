// `npm run screenshots`: the demo site built and served from dist, photographed in Debian's
// chromium at phone and desktop widths into docs/screenshots/ (shown in the README).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './lib/browser.ts';
import { buildDemoSite } from './lib/demo-site.ts';
import { ROOT } from './lib/paths.ts';
import { SHOTS, screenshotFile, WIDTHS } from './lib/screenshot-shots.ts';

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
      if (shot.contrast) await context.addInitScript(() => localStorage.setItem('contrast-mode', '1'));
      const page = await context.newPage();
      await page.goto(`${site.url}${shot.path}`, { waitUntil: 'networkidle' });
      if (shot.waitFor) await page.waitForSelector(shot.waitFor);
      const file = join(ROOT, screenshotFile(shot.name, device as keyof typeof WIDTHS));
      await page.screenshot({ path: file, fullPage: true, type: 'jpeg', quality: 78 });
      process.stdout.write(`${file}\n`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await site.stop();
}

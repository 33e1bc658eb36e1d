import { siteEnv } from '../env.ts';
import { CmsClient } from './client.ts';
import { PreviewCmsClient, parsePreviewTarget } from './preview.ts';
import { describeAge, readSnapshot, recordingFetch, replayFetch } from './snapshot-file.ts';

/**
 * Where the CMS is and how to read it, from the environment the build runs in. Missing
 * settings fail the build at once: a site built from nothing would replace a good one.
 *
 * - default: published content with the read-only CMS_BUILD_TOKEN; with SITE_SNAPSHOT_DIR
 *   every answer is kept, and a build that finishes saves them as the last good snapshot;
 * - SITE_FROM_SNAPSHOT=true: the CMS is not read at all, the snapshot in SITE_SNAPSHOT_DIR is,
 *   and the build says how old it is. Only ever on an operator's explicit request;
 * - SITE_PREVIEW=true: published content plus the one draft named by SITE_PREVIEW_DOCUMENT,
 *   read with CMS_PREVIEW_TOKEN. Never recorded into the snapshot.
 */
export function cmsFromEnv(processEnv: NodeJS.ProcessEnv = process.env): CmsClient {
  const env = siteEnv(processEnv);
  const baseUrl = env.CMS_URL;
  const preview = env.SITE_PREVIEW;
  const fromSnapshot = env.SITE_FROM_SNAPSHOT;
  if (preview && fromSnapshot) {
    throw new Error('SITE_PREVIEW 与 SITE_FROM_SNAPSHOT 不能同时使用：预览要读取 CMS 中的最新草稿。');
  }

  if (fromSnapshot) {
    const dir = env.SITE_SNAPSHOT_DIR;
    if (!dir || !baseUrl) {
      throw new Error('SITE_FROM_SNAPSHOT=true 需要 SITE_SNAPSHOT_DIR（快照所在目录）和 CMS_URL（与快照取自的 CMS 地址相同）。');
    }
    const snapshot = readSnapshot(dir);
    if (snapshot.cmsUrl.replace(/\/+$/, '') !== baseUrl.replace(/\/+$/, '')) {
      throw new Error(
        `内容快照取自 ${snapshot.cmsUrl}，而 CMS_URL 是 ${baseUrl}：封面图片按取快照时的地址缓存，请把 CMS_URL 设为 ${snapshot.cmsUrl}。`,
      );
    }
    // On stderr, so it shows in the build log beside Astro's own lines.
    process.stderr.write(
      `\n注意：本次构建不读取 CMS，使用内容快照 ${dir}\n` +
        `      内容截至 ${snapshot.takenAt}（${describeAge(snapshot.takenAt)}前）；此后在 CMS 中的改动不在其中。\n\n`,
    );
    return new CmsClient({ baseUrl, token: 'snapshot', fetch: replayFetch(snapshot), retries: 0 });
  }

  if (preview) {
    const token = env.CMS_PREVIEW_TOKEN;
    const missing = [!baseUrl && 'CMS_URL', !token && 'CMS_PREVIEW_TOKEN'].filter(Boolean);
    if (!baseUrl || !token) {
      throw new Error(`预览构建需要环境变量 ${missing.join('、')}（CMS 地址和预览令牌）；发布服务会自动设置。`);
    }
    const document = env.SITE_PREVIEW_DOCUMENT;
    if (!document) return new CmsClient({ baseUrl, token });
    return new PreviewCmsClient({ baseUrl, token, target: parsePreviewTarget(document) });
  }

  const token = env.CMS_BUILD_TOKEN;
  const missing = [!baseUrl && 'CMS_URL', !token && 'CMS_BUILD_TOKEN'].filter(Boolean);
  if (!baseUrl || !token) {
    throw new Error(`构建站点需要环境变量 ${missing.join('、')}（CMS 地址和只读令牌）；npm start 会自动设置。`);
  }
  return new CmsClient({
    baseUrl,
    token,
    ...(env.SITE_SNAPSHOT_DIR ? { fetch: recordingFetch(globalThis.fetch, baseUrl) } : {}),
  });
}

import { CmsClient } from './client.ts';

/**
 * Where the CMS is and how to read it, from the environment the build runs in. Missing
 * settings fail the build at once: a site built from nothing would replace a good one.
 */
export function cmsFromEnv(env: NodeJS.ProcessEnv = process.env): CmsClient {
  const baseUrl = env.CMS_URL;
  const token = env.CMS_BUILD_TOKEN;
  const missing = [!baseUrl && 'CMS_URL', !token && 'CMS_BUILD_TOKEN'].filter(Boolean);
  if (!baseUrl || !token) {
    throw new Error(`构建站点需要环境变量 ${missing.join('、')}（CMS 地址和只读令牌）；npm start 会自动设置。`);
  }
  return new CmsClient({ baseUrl, token });
}

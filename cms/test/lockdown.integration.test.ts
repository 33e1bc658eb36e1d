import { startThrowawayCms, type ThrowawayCms } from '@fulian/testkit/throwaway-cms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ADMIN = { email: 'lockdown-admin@fulian.local', password: 'Lockdown-Admin-Passw0rd' };
const SITE = 'https://www.example.gov.cn';
const CMS_PUBLIC = 'https://cms.example.gov.cn';
const PER_IP = 8;

let cms: ThrowawayCms;

beforeAll(async () => {
  cms = await startThrowawayCms({
    CMS_ADMIN_EMAIL: ADMIN.email,
    CMS_ADMIN_PASSWORD: ADMIN.password,
    SITE_URL: SITE,
    CMS_PUBLIC_URL: CMS_PUBLIC,
    CMS_BEHIND_PROXY: 'true',
    ADMIN_LOGIN_MAX_PER_IP: String(PER_IP),
  });
});

afterAll(async () => {
  await cms?.stop();
});

/** A sign-in as the reverse proxy forwards it: the client's address and scheme in headers. */
function login(body: { email: string; password: string }, clientIp: string, proto = 'http') {
  return fetch(`${cms.url}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': clientIp, 'X-Forwarded-Proto': proto },
    body: JSON.stringify(body),
  });
}

describe('CORS', () => {
  for (const origin of ['http://127.0.0.1:9', 'https://evil.example.gov.cn', 'null', `${SITE}.evil.example`]) {
    it(`gives ${origin} nothing, not even a preflight`, async () => {
      const read = await fetch(`${cms.url}/api/news-items`, {
        headers: { Origin: origin, Authorization: `Bearer ${cms.buildToken}` },
      });
      expect(read.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await fetch(`${cms.url}/admin/api-tokens`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    });
  }

  for (const origin of [SITE, CMS_PUBLIC]) {
    it(`allows the configured origin ${origin}`, async () => {
      const read = await fetch(`${cms.url}/api/news-items`, {
        headers: { Origin: origin, Authorization: `Bearer ${cms.buildToken}` },
      });
      expect(read.headers.get('access-control-allow-origin')).toBe(origin);
    });
  }
});

describe('admin sign-in behind the proxy', () => {
  it('sets a Secure session cookie when the proxy says the request came over HTTPS', async () => {
    const res = await login(ADMIN, '198.51.100.1', 'https');
    expect(res.status, await res.clone().text()).toBe(200);
    const cookies = res.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie.toLowerCase(), cookie).toContain('; secure');
    for (const cookie of cookies) expect(cookie.toLowerCase(), cookie).toContain('httponly');
  });

  it("limits one account's attempts per real client IP, not per proxy", async () => {
    const wrong = { email: ADMIN.email, password: 'Wrong-Passw0rd' };
    for (let i = 0; i < 5; i++) expect((await login(wrong, '203.0.113.7')).status).toBe(400);
    expect((await login(wrong, '203.0.113.7')).status).toBe(429);
    // Another client behind the same proxy is not locked out by the first one.
    expect((await login(wrong, '203.0.113.99')).status).toBe(400);
    expect((await login(ADMIN, '203.0.113.100', 'https')).status).toBe(200);
  });

  it('limits one IP trying many accounts, with a Chinese message; successful sign-ins do not count', async () => {
    for (let i = 0; i < 4; i++) expect((await login(ADMIN, '192.0.2.55')).status).toBe(200);
    for (let i = 0; i < PER_IP; i++) {
      const res = await login({ email: `guess${i}@example.com`, password: 'Wrong-Passw0rd' }, '192.0.2.55');
      expect(res.status).toBe(400);
    }
    const refused = await login({ email: 'guess-last@example.com', password: 'Wrong-Passw0rd' }, '192.0.2.55');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('登录尝试过于频繁');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await login({ email: 'other@example.com', password: 'Wrong-Passw0rd' }, '192.0.2.56')).status).toBe(400);
  });

  it('keys on the last hop only: a client cannot choose its address by sending X-Forwarded-For', async () => {
    // nginx appends the address it saw; the forged first entry must not count as the client.
    for (let i = 0; i < PER_IP; i++) await login({ email: `forge${i}@example.com`, password: 'x' }, `10.0.0.${i}, 192.0.2.77`);
    const res = await login({ email: 'forge-last@example.com', password: 'x' }, '10.9.9.9, 192.0.2.77');
    expect(res.status).toBe(429);
  });
});

describe('no reader accounts', () => {
  it('nobody can register, log in or ask for a password reset; none of it answers 500', async () => {
    for (let i = 0; i < 13; i++) {
      const res = await fetch(`${cms.url}/api/auth/local/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: `reader${i}`, email: `reader${i}@example.com`, password: 'Passw0rd!Passw0rd' }),
      });
      expect([404, 405]).toContain(res.status);
    }
    for (const path of ['/api/auth/local', '/api/auth/forgot-password', '/api/auth/reset-password', '/api/connect/github']) {
      const res = await fetch(`${cms.url}${path}`, {
        method: path.includes('connect') ? 'GET' : 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: path.includes('connect')
          ? undefined
          : JSON.stringify({ identifier: 'a@example.com', password: 'x', email: 'a@example.com' }),
      });
      expect([404, 405], path).toContain(res.status);
    }
  });
});

describe('link fields', () => {
  const settings = (navigation: { label: string; url: string }[]) => ({
    data: {
      siteName: '示例市妇女联合会',
      shortName: '示例市妇联',
      description: '示例市妇联门户网站',
      siteDomain: 'www.example.gov.cn',
      address: '示例市人民路 1 号',
      phone: '0592-0000000',
      icpNumber: '闽ICP备00000000号',
      navigation,
    },
  });

  for (const url of ['javascript:alert(document.cookie)', ' JAVASCRIPT:alert(1)', 'data:text/html,x', '//evil.example/']) {
    it(`refuses ${JSON.stringify(url)} at save, naming the field in Chinese`, async () => {
      const res = await cms.api(
        'PUT',
        '/api/site-setting',
        settings([
          { label: '首页', url: '/' },
          { label: '通知', url },
        ]),
      );
      expect(res.status).toBe(400);
      expect(res.json.error.message).toContain('“主导航”第 2 项的“链接”只能填写以 https://、http:// 或 mailto: 开头的地址');
      expect(res.json.error.details.errors[0].path).toEqual(['navigation', '1', 'url']);
    });
  }

  it('accepts site paths, http(s) and mailto', async () => {
    const navigation = [
      { label: '首页', url: '/' },
      { label: '新闻', url: '/news/' },
      { label: '政府网', url: 'https://www.gov.cn/' },
      { label: '来信', url: 'mailto:fulian@example.gov.cn' },
    ];
    const res = await cms.api('PUT', '/api/site-setting', settings(navigation));
    expect(res.status, JSON.stringify(res.json)).toBe(200);
  });
});

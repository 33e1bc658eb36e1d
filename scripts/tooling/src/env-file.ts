import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/** Secrets Strapi and the publish service need, each generated per install; never a default, never committed. */
const GENERATED: Record<string, () => string> = {
  APP_KEYS: () => Array.from({ length: 4 }, () => randomBytes(16).toString('base64')).join(','),
  API_TOKEN_SALT: () => randomBytes(16).toString('base64'),
  ADMIN_JWT_SECRET: () => randomBytes(32).toString('base64'),
  TRANSFER_TOKEN_SALT: () => randomBytes(16).toString('base64'),
  JWT_SECRET: () => randomBytes(32).toString('base64'),
  ENCRYPTION_KEY: () => randomBytes(32).toString('base64'),
  CMS_BUILD_TOKEN: () => randomBytes(48).toString('hex'),
  CMS_PREVIEW_TOKEN: () => randomBytes(48).toString('hex'),
  CMS_IMPORT_TOKEN: () => randomBytes(48).toString('hex'),
  // Strapi's webhook to the publish service carries it; the service refuses calls without it.
  PUBLISH_WEBHOOK_SECRET: () => randomBytes(32).toString('hex'),
  // The preview button's URL carries it; the preview server shows nothing without it.
  PREVIEW_SECRET: () => randomBytes(32).toString('hex'),
  CMS_ADMIN_EMAIL: () => 'admin@fulian.local',
  CMS_ADMIN_PASSWORD: () => adminPassword(),
};

/** Strapi wants 8+ characters with upper, lower and a digit; this has all, and 96 bits. */
function adminPassword(): string {
  return `Fl${randomBytes(12).toString('base64url')}9a`;
}

/** A fresh set of secrets, e.g. for a test's throwaway Strapi. */
export function generateSecrets(): Record<string, string> {
  return Object.fromEntries(Object.entries(GENERATED).map(([key, make]) => [key, make()]));
}

/**
 * Reads the install's .env, adding whatever secret is missing (all of them on first run)
 * and leaving the rest as the operator set them. Written owner-only.
 */
export function ensureEnvFile(path: string): { env: Record<string, string>; created: string[] } {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const env = parseEnv(text) as Record<string, string>;
  const created: string[] = [];
  const additions: string[] = [];
  for (const [key, make] of Object.entries(GENERATED)) {
    if (env[key]) continue;
    env[key] = make();
    created.push(key);
    additions.push(`${key}=${env[key]}`);
  }
  if (additions.length > 0) {
    const header = text ? '' : '# Generated per install by `npm start`. Keep it secret; never commit it.\n';
    const separator = text && !text.endsWith('\n') ? '\n' : '';
    writeFileSync(path, `${text}${separator}${header}${additions.join('\n')}\n`, { mode: 0o600 });
  }
  return { env, created };
}

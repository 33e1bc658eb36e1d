import type { Core } from '@strapi/strapi';

/** The admin's unauthenticated routes that take a password or send a mail. */
const GUARDED = new Set(['/admin/login', '/admin/register-admin', '/admin/forgot-password', '/admin/reset-password']);

/**
 * Limits failed sign-in attempts per client IP, whatever account names it tries. Strapi's own limit
 * counts one (e-mail, IP) pair, so guessing passwords for many accounts, or one account from
 * many IPs, goes past it; this adds the per-IP ceiling. Behind the proxy, ctx.request.ip is
 * the client's real address (server.proxy in config/server.ts); without it every client
 * would share nginx's 127.0.0.1 and one guesser would lock all editors out.
 *
 * Counts live in memory: one CMS process, and a restart forgiving an editor is acceptable.
 */
const adminLoginLimit: Core.MiddlewareFactory = (_config, { strapi }) => {
  const max = Number(process.env.ADMIN_LOGIN_MAX_PER_IP ?? 20);
  const windowMs = Number(process.env.ADMIN_LOGIN_WINDOW_MINUTES ?? 15) * 60_000;
  const attempts = new Map<string, { count: number; resetAt: number }>();

  return async (ctx, next) => {
    if (ctx.method !== 'POST' || !GUARDED.has(ctx.path.replace(/\/+$/, ''))) return next();
    const now = Date.now();
    if (attempts.size > 10_000) {
      for (const [ip, entry] of attempts) if (entry.resetAt <= now) attempts.delete(ip);
    }
    const ip = ctx.request.ip;
    const entry = attempts.get(ip);
    const current = entry && entry.resetAt > now ? entry : { count: 0, resetAt: now + windowMs };
    if (current.count >= max) {
      const wait = Math.ceil((current.resetAt - now) / 60_000);
      strapi.log.warn(`Admin sign-in from ${ip} refused: ${current.count} failed attempts in the window (limit ${max}).`);
      ctx.status = 429;
      ctx.set('Retry-After', String(Math.ceil((current.resetAt - now) / 1000)));
      ctx.body = {
        data: null,
        error: { status: 429, name: 'RateLimitError', message: `登录尝试过于频繁，请 ${wait} 分钟后再试` },
      };
      return;
    }
    // Only failures count: an office of editors behind one address signs in many times a day.
    // A wrong password is thrown (strapi::errors, further out, turns it into the 400).
    const failed = () => {
      current.count += 1;
      attempts.set(ip, current);
    };
    try {
      await next();
    } catch (error) {
      failed();
      throw error;
    }
    if (ctx.status >= 400 && ctx.status < 500) failed();
  };
};

export default adminLoginLimit;

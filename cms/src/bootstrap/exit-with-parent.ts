import type { Core } from '@strapi/strapi';

/**
 * A CMS started by `npm start` or a test runs in its own process group (scripts/lib/cms.ts),
 * so a Ctrl-C reaches the runner alone and the runner stops it in order. If the runner is
 * killed outright (kill -9, an out-of-memory kill) nothing stops it: it would keep the port
 * and the SQLite file, and the next `npm start` would refuse. So a CMS given its parent's pid
 * watches it and shuts itself down, cleanly, within two seconds of the parent going away.
 */
export function exitWithParent(strapi: Core.Strapi): void {
  const parent = Number(process.env.CMS_PARENT_PID);
  if (!Number.isInteger(parent) || parent <= 1) return;
  const timer = setInterval(() => {
    let alive = process.ppid === parent;
    if (alive) {
      try {
        process.kill(parent, 0);
      } catch {
        alive = false;
      }
    }
    if (alive) return;
    clearInterval(timer);
    strapi.log.warn(`The process that started this CMS (pid ${parent}) is gone: shutting down.`);
    process.kill(process.pid, 'SIGTERM');
  }, 2000);
  timer.unref();
}

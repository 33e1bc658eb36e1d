import { basename } from 'node:path';

/**
 * Whether this Strapi process is the CMS itself, as opposed to a one-off CLI command on its
 * database (`strapi export`, `import`, `transfer`, `console`, …). Those load the app and run
 * its bootstrap too; with the install's environment only partly set, ours would then "bring
 * the database in line" with it: an export run without PUBLISH_WEBHOOK_URL deleted the publish
 * webhook, and one without CMS_PREVIEW_TOKEN revoked the preview token. Only `strapi start` and
 * `strapi develop` (and Strapi loaded programmatically by our own scripts) reconcile.
 */
export function reconcilesInstall(argv: string[] = process.argv): boolean {
  const script = basename(argv[1] ?? '');
  if (script !== 'strapi' && script !== 'strapi.js') return true;
  const command = argv[2];
  return command === 'start' || command === 'develop';
}

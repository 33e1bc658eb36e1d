import { fileURLToPath } from 'node:url';

/** The repository's top folder, whatever the current directory. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CMS_DIR = `${ROOT}cms`;
export const SITE_DIR = `${ROOT}site`;
export const ENV_FILE = `${ROOT}.env`;

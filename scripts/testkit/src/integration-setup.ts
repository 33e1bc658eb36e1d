import { buildCms } from '@fulian/tooling/cms';

/** Integration tests run the real Strapi from cms/dist: compile it once, if it changed. */
export default async function setup(): Promise<void> {
  await buildCms({ admin: false });
}

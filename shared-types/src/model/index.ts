/**
 * The content model, declared once per type (see define.ts). The CMS reads it at run time
 * (labels, list views, save rules), the site and the scripts take their REST paths and URLs
 * from it, and `npm run generate` writes Strapi's schema.json files and the zod contracts.
 */
import { category } from './category.ts';
import { breakdownRow, course, navLink, organiser, speaker } from './components.ts';
import type { ComponentConfig, ContentTypeConfig, Field } from './define.ts';
import { lecture } from './lecture.ts';
import { lectureSeries } from './lecture-series.ts';
import { news } from './news.ts';
import { reliefBatch } from './relief-batch.ts';
import { reliefProgramme } from './relief-programme.ts';
import { siteSetting } from './site-setting.ts';
import { training } from './training.ts';

export { ORGANISER_ROLES } from './components.ts';
export * from './define.ts';
export {
  breakdownRow,
  category,
  course,
  lecture,
  lectureSeries,
  navLink,
  news,
  organiser,
  reliefBatch,
  reliefProgramme,
  siteSetting,
  speaker,
  training,
};

/** Every content type, in the admin's order. */
export const CONTENT_TYPES: readonly ContentTypeConfig[] = [
  news,
  category,
  training,
  lectureSeries,
  lecture,
  reliefProgramme,
  reliefBatch,
  siteSetting,
];

export const COMPONENTS: readonly ComponentConfig[] = [course, organiser, speaker, breakdownRow, navLink];

/** A content type or component by its uid. */
export function modelOf(uid: string): ContentTypeConfig | ComponentConfig | undefined {
  return CONTENT_TYPES.find((t) => t.uid === uid) ?? COMPONENTS.find((c) => c.uid === uid);
}

/** A field's declaration, by content type or component uid. */
export function fieldOf(uid: string, field: string): Field | undefined {
  return modelOf(uid)?.fields[field];
}

/** A field's Chinese label, for messages; the attribute name if the model has none. */
export function labelOf(uid: string, field: string): string {
  return fieldOf(uid, field)?.label ?? field;
}

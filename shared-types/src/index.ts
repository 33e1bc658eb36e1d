import { z } from 'zod';

// Messages reach editors and operators in Chinese, like the rest of the product.
z.config(z.locales.zhCN());

export { type Category, categorySchema } from './category.ts';
export {
  type BreakdownRow,
  breakdownRowSchema,
  type Course,
  courseSchema,
  type NavLink,
  navLinkSchema,
  ORGANISER_ROLES,
  type Organiser,
  type OrganiserRole,
  organiserSchema,
  type Speaker,
  speakerSchema,
} from './components.ts';
export { isoDateSchema, isoDateTimeSchema } from './dates.ts';
export { formatIssues } from './issues.ts';
export { type Lecture, lectureSchema } from './lecture.ts';
export { type LectureSeries, lectureSeriesSchema } from './lecture-series.ts';
export { type Image, imageSchema } from './media.ts';
export { yuanSchema } from './money.ts';
export { type News, newsSchema } from './news.ts';
export { BREAKDOWNS, type Breakdown, type ReliefBatch, reliefBatchSchema } from './relief-batch.ts';
export { type ReliefProgramme, reliefProgrammeSchema } from './relief-programme.ts';
export { type ListResponse, listResponseSchema, type Pagination, paginationSchema } from './rest.ts';
export { ERROR_REPORT_URL, type SiteSettings, siteSettingsSchema } from './site-settings.ts';
export { slugSchema } from './slug.ts';
export { type Training, trainingSchema } from './training.ts';

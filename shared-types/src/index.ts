import { z } from 'zod';

// Messages reach editors and operators in Chinese, like the rest of the product.
z.config(z.locales.zhCN());

export { type Category, categorySchema } from './category.ts';
export { isoDateSchema, isoDateTimeSchema } from './dates.ts';
export { formatIssues } from './issues.ts';
export { type Image, imageSchema, mediaFormatSchema } from './media.ts';
export { type News, newsSchema } from './news.ts';
export { type ListResponse, listResponseSchema, type Pagination, paginationSchema } from './rest.ts';
export { slugSchema } from './slug.ts';

import { z } from 'zod';
import { siteSettingsObject } from './generated/contracts.ts';
import { imageSchema } from './media.ts';

/** Where the footer's 找错 (report an error) link may point: an email address or an https form. */
export const ERROR_REPORT_URL = /^(mailto:\S+|https:\/\/\S+)$/;

/**
 * The single type Site settings: identity, footer facts and navigation. The emblem sits beside
 * the site name, which already names the link, so its alt text may be empty.
 */
export const siteSettingsSchema = siteSettingsObject.extend({
  emblem: imageSchema.extend({ alternativeText: z.string().nullable() }).nullable(),
});

export type SiteSettings = z.infer<typeof siteSettingsSchema>;

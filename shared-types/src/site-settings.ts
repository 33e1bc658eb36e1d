import { z } from 'zod';
import { navLinkSchema } from './components.ts';
import { imageSchema } from './media.ts';

/** Where the footer's 找错 (report an error) link may point: an email address or an https form. */
export const ERROR_REPORT_URL = /^(mailto:\S+|https:\/\/\S+)$/;

/** The single type Site settings: identity, footer facts and navigation. */
export const siteSettingsSchema = z.object({
  id: z.number().int(),
  documentId: z.string().min(1),
  siteName: z.string().trim().min(1),
  shortName: z.string().trim().min(1),
  description: z.string().trim().min(1),
  siteDomain: z.string().trim().min(1),
  address: z.string().trim().min(1),
  postcode: z
    .string()
    .regex(/^\d{6}$/)
    .nullable(),
  phone: z.string().trim().min(1),
  email: z.email().nullable(),
  icpNumber: z.string().trim().min(1),
  psbNumber: z.string().trim().min(1).nullable(),
  psbRecordCode: z
    .string()
    .regex(/^\d{14}$/)
    .nullable(),
  siteIdCode: z
    .string()
    .regex(/^[0-9A-Za-z]{10}$/)
    .nullable(),
  navigation: z.array(navLinkSchema),
  /** 主办单位; the footer falls back to the site name. */
  sponsor: z.string().trim().min(1).nullable(),
  /** Shown beside the site name, which already names the link: its alt text may be empty. */
  emblem: imageSchema.extend({ alternativeText: z.string().nullable() }).nullable(),
  errorReportUrl: z.string().regex(ERROR_REPORT_URL, '找错链接须以 mailto: 或 https:// 开头').nullable(),
});

export type SiteSettings = z.infer<typeof siteSettingsSchema>;

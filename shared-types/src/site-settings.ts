import { z } from 'zod';
import { navLinkSchema } from './components.ts';

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
});

export type SiteSettings = z.infer<typeof siteSettingsSchema>;

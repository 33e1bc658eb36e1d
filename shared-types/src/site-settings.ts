import type { z } from 'zod';
import { siteSettingsObject } from './generated/contracts.ts';

/** The single type Site settings: identity, footer facts and navigation. */
export const siteSettingsSchema = siteSettingsObject;

export type SiteSettings = z.infer<typeof siteSettingsSchema>;

import type { z } from 'zod';
import { breakdownRowObject, courseObject, navLinkObject, organiserObject, speakerObject } from './generated/contracts.ts';

export { ORGANISER_ROLES } from './model/components.ts';

// The components exactly as generated from the model (src/model/components.ts).
export const courseSchema = courseObject;
export const organiserSchema = organiserObject;
export const speakerSchema = speakerObject;
export const breakdownRowSchema = breakdownRowObject;
export const navLinkSchema = navLinkObject;

export type Course = z.infer<typeof courseSchema>;
export type Organiser = z.infer<typeof organiserSchema>;
export type OrganiserRole = Organiser['role'];
export type Speaker = z.infer<typeof speakerSchema>;
export type BreakdownRow = z.infer<typeof breakdownRowSchema>;
export type NavLink = z.infer<typeof navLinkSchema>;

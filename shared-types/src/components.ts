import { z } from 'zod';

/** Repeatable components come back with their own row id. */
const componentId = z.number().int();

export const courseSchema = z.object({
  id: componentId,
  title: z.string().trim().min(1),
  lecturer: z.string().trim().min(1).nullable(),
  lecturerTitle: z.string().trim().min(1).nullable(),
});

export const ORGANISER_ROLES = ['主办', '承办', '协办'] as const;

export const organiserSchema = z.object({
  id: componentId,
  name: z.string().trim().min(1),
  role: z.enum(ORGANISER_ROLES),
});

export const speakerSchema = z.object({
  id: componentId,
  name: z.string().trim().min(1),
  title: z.string().trim().min(1).nullable(),
});

export const breakdownRowSchema = z.object({
  id: componentId,
  label: z.string().trim().min(1),
  count: z.number().int().nonnegative(),
});

export const navLinkSchema = z.object({
  id: componentId,
  label: z.string().trim().min(1),
  url: z.string().trim().min(1),
});

export type Course = z.infer<typeof courseSchema>;
export type Organiser = z.infer<typeof organiserSchema>;
export type OrganiserRole = Organiser['role'];
export type Speaker = z.infer<typeof speakerSchema>;
export type BreakdownRow = z.infer<typeof breakdownRowSchema>;
export type NavLink = z.infer<typeof navLinkSchema>;

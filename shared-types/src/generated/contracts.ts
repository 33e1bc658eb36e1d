// Generated from src/model by `npm run generate` (shared-types/scripts/generate.ts). Do not edit:
// change the model and generate again. The contracts in src/*.ts add the refinements.
import { z } from 'zod';
import { isoDateSchema, isoDateTimeSchema } from '../dates.ts';
import { integer, text } from '../fields.ts';
import { imageSchema } from '../media.ts';
import { yuanSchema } from '../money.ts';
import { slugSchema } from '../slug.ts';

/** Repeatable components come back with their own row id. */
const componentId = z.number().int();

export const courseObject = z.object({
  id: componentId,
  title: text({ max: 120 }),
  lecturer: text({ max: 40 }).nullable(),
  lecturerTitle: text({ max: 80 }).nullable(),
});

export const organiserObject = z.object({
  id: componentId,
  name: text({ max: 80 }),
  role: z.enum(['主办', '承办', '协办']),
});

export const speakerObject = z.object({
  id: componentId,
  name: text({ max: 40 }),
  title: text({ max: 80 }).nullable(),
});

export const breakdownRowObject = z.object({
  id: componentId,
  label: text({ max: 20 }),
  count: integer({ min: 0 }),
});

export const navLinkObject = z.object({
  id: componentId,
  label: text({ max: 12 }),
  url: text({ max: 200 }),
});

export const categoryObject = z.object({
  id: z.number().int(),
  documentId: z.string().min(1),
  name: text({ max: 20 }),
  slug: slugSchema,
});

export const newsObject = z.object({
  id: z.number().int(),
  documentId: z.string().min(1),
  title: text({ max: 120 }),
  slug: slugSchema,
  date: isoDateSchema,
  summary: text({ max: 300 }),
  body: text(),
  source: text({ max: 60 }).nullable(),
  cover: imageSchema.nullable(),
  category: categoryObject.pick({ id: true, documentId: true, name: true, slug: true }).nullable(),
  publishedAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});

export const trainingObject = z.object({
  id: z.number().int(),
  documentId: z.string().min(1),
  title: text({ max: 120 }),
  slug: slugSchema,
  startDate: isoDateSchema,
  endDate: isoDateSchema,
  venue: text({ max: 80 }),
  organisers: z.array(organiserObject),
  host: text({ max: 80 }).nullable(),
  participantCount: integer({ min: 0 }).nullable(),
  audience: text({ max: 300 }).nullable(),
  registration: text({ max: 300 }).nullable(),
  enquiryPhone: text({ max: 60 }).nullable(),
  courses: z.array(courseObject),
  summary: text({ max: 300 }),
  body: text(),
  cover: imageSchema.nullable(),
  publishedAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});

export const lectureSeriesObject = z.object({
  id: z.number().int(),
  documentId: z.string().min(1),
  name: text({ max: 80 }),
  slug: slugSchema,
  plannedCount: integer({ min: 1 }),
  description: text({ max: 500 }).nullable(),
});

export const lectureObject = z.object({
  id: z.number().int(),
  documentId: z.string().min(1),
  title: text({ max: 120 }),
  slug: slugSchema,
  startsAt: isoDateTimeSchema,
  venue: text({ max: 80 }),
  speakers: z.array(speakerObject),
  series: lectureSeriesObject.nullable(),
  organisers: z.array(organiserObject),
  audience: text({ max: 120 }).nullable(),
  registration: text({ max: 300 }).nullable(),
  enquiryPhone: text({ max: 60 }).nullable(),
  attendance: integer({ min: 0 }).nullable(),
  summary: text({ max: 300 }),
  body: text(),
  cover: imageSchema.nullable(),
  publishedAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});

export const reliefProgrammeObject = z.object({
  id: z.number().int(),
  documentId: z.string().min(1),
  name: text({ max: 60 }),
  slug: slugSchema,
  description: text(),
  eligibility: text(),
  publishedAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});

export const reliefBatchObject = z.object({
  id: z.number().int(),
  documentId: z.string().min(1),
  title: text({ max: 120 }),
  slug: slugSchema,
  programme: reliefProgrammeObject.pick({ id: true, documentId: true, name: true, slug: true }),
  year: integer({ min: 2000, max: 2100 }),
  batchNumber: integer({ min: 1, max: 99 }),
  disbursementDate: isoDateSchema,
  amount: yuanSchema,
  recipientCount: integer({ min: 0 }),
  byDistrict: z.array(breakdownRowObject),
  byAgeBand: z.array(breakdownRowObject),
  byCancerType: z.array(breakdownRowObject),
  summary: text({ max: 300 }).nullable(),
  body: text().nullable(),
  publishedAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});

export const siteSettingsObject = z.object({
  id: z.number().int(),
  documentId: z.string().min(1),
  siteName: text({ max: 40 }),
  shortName: text({ max: 20 }),
  description: text({ max: 200 }),
  siteDomain: text({ max: 80 }),
  address: text({ max: 120 }),
  postcode: text({ max: 6, regex: /^[0-9]{6}$/ }).nullable(),
  phone: text({ max: 40 }),
  email: z.email().nullable(),
  icpNumber: text({ max: 40 }),
  psbNumber: text({ max: 40 }).nullable(),
  psbRecordCode: text({ max: 20, regex: /^[0-9]{14}$/ }).nullable(),
  siteIdCode: text({ max: 20, regex: /^[0-9A-Za-z]{10}$/ }).nullable(),
  navigation: z.array(navLinkObject),
  sponsor: text({ max: 60 }).nullable(),
  emblem: imageSchema.nullable(),
  errorReportUrl: text({ max: 300, regex: /^([^\s@:]+@[^\s@]+\.[^\s@]+|mailto:[^\s]+|https:\/\/[^\s]+)$/ }).nullable(),
});

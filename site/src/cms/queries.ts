/**
 * What the site asks Strapi for, per collection: exactly the fields the pages and feeds
 * use, so responses stay small and a new CMS field can't leak into the site unseen.
 * Components are asked for whole (`true`): they are small and the contract checks them.
 */
const IMAGE = { fields: ['url', 'alternativeText', 'width', 'height', 'mime', 'hash', 'ext', 'size', 'updatedAt'] };
const TIMESTAMPS = ['publishedAt', 'updatedAt'];

export const newsQuery = {
  fields: ['title', 'slug', 'date', 'summary', 'body', 'source', ...TIMESTAMPS],
  populate: { cover: IMAGE, category: { fields: ['name', 'slug'] } },
};

export const categoryQuery = { fields: ['name', 'slug'] };

export const trainingQuery = {
  fields: [
    'title',
    'slug',
    'startDate',
    'endDate',
    'venue',
    'host',
    'participantCount',
    'audience',
    'registration',
    'enquiryPhone',
    'summary',
    'body',
    ...TIMESTAMPS,
  ],
  populate: { organisers: true, courses: true, cover: IMAGE },
};

export const lectureSeriesQuery = { fields: ['name', 'slug', 'plannedCount', 'description'] };

export const lectureQuery = {
  fields: [
    'title',
    'slug',
    'startsAt',
    'venue',
    'audience',
    'registration',
    'enquiryPhone',
    'attendance',
    'summary',
    'body',
    ...TIMESTAMPS,
  ],
  populate: { speakers: true, organisers: true, series: lectureSeriesQuery, cover: IMAGE },
};

export const reliefProgrammeQuery = { fields: ['name', 'slug', 'description', 'eligibility', ...TIMESTAMPS] };

export const reliefBatchQuery = {
  fields: [
    'title',
    'slug',
    'year',
    'batchNumber',
    'disbursementDate',
    'amount',
    'recipientCount',
    'summary',
    'body',
    ...TIMESTAMPS,
  ],
  populate: { programme: { fields: ['name', 'slug'] }, byDistrict: true, byAgeBand: true, byCancerType: true },
};

export const siteSettingsQuery = {
  fields: [
    'siteName',
    'shortName',
    'description',
    'siteDomain',
    'address',
    'postcode',
    'phone',
    'email',
    'icpNumber',
    'psbNumber',
    'psbRecordCode',
    'siteIdCode',
    'sponsor',
    'errorReportUrl',
  ],
  populate: { navigation: true, emblem: IMAGE },
};

import { z } from 'zod';

/** A calendar date as Strapi's `date` attribute returns it (no time, no zone). */
export const isoDateSchema = z.iso.date();

/** A timestamp as Strapi returns publishedAt/updatedAt: ISO 8601 in UTC. */
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

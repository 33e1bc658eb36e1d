import { z } from 'zod';
import { isoDateTimeSchema } from './dates.ts';

/**
 * An uploaded image as the REST API returns it when populated with the fields the site
 * asks for. Alt text is part of the contract: a cover without it fails the build, because
 * a reader on a screen reader would otherwise meet an unlabelled picture.
 */
export const imageSchema = z.object({
  id: z.number().int(),
  documentId: z.string().min(1),
  url: z.string().min(1),
  alternativeText: z.string().trim().min(1, '图片缺少替代文字（alternativeText）'),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  mime: z.string().startsWith('image/'),
  // The upload's identity for the site's image store: Strapi keeps `hash` (the file name) and
  // the URL when a file is replaced in the media library, but not `size` and `updatedAt`.
  hash: z.string().min(1),
  ext: z.string(),
  /** Kilobytes, two decimals. */
  size: z.number().nonnegative(),
  updatedAt: isoDateTimeSchema,
});

export type Image = z.infer<typeof imageSchema>;

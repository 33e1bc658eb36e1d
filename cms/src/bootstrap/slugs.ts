import { slugFromTitle } from '@fulian/shared-types/rules';
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';

/** The slug attribute of a content type and the field it is spelled from, if it has one. */
function slugRule(strapi: Core.Strapi, uid: UID.ContentType): { source: string } | undefined {
  if (!uid.startsWith('api::')) return undefined;
  const attribute = strapi.contentTypes[uid]?.attributes.slug as { type?: string; targetField?: string } | undefined;
  return attribute?.type === 'uid' && attribute.targetField ? { source: attribute.targetField } : undefined;
}

/**
 * Runs on every document-service write, so the admin, REST and scripts all get the same
 * rules: an empty slug becomes the pinyin of the title, made unique in its collection; a
 * slug that has been published never moves, so links to it never break.
 */
export function registerSlugGeneration(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const rule = slugRule(strapi, context.uid);
    if (!rule || (context.action !== 'create' && context.action !== 'update')) return next();
    const params = context.params as { documentId?: string; data?: Record<string, unknown> };
    const data = params.data;
    if (!data) return next();
    const documentId = params.documentId;

    const published = documentId
      ? await strapi.db.query(context.uid).findOne({
          where: { documentId, publishedAt: { $notNull: true } },
          select: ['slug'],
        })
      : null;
    if (published?.slug) {
      if (data.slug !== undefined && data.slug !== published.slug) {
        throw new errors.ValidationError(
          `网址名（slug）已发布为“${published.slug}”，不能改为“${String(data.slug)}”：发布后的网址保持不变，以免链接失效。`,
        );
      }
      return next();
    }

    const given = typeof data.slug === 'string' ? data.slug.trim() : '';
    const source = data[rule.source];
    const placeholder = given === '' || isAdminDefault(strapi, context.uid, given);
    if (placeholder && typeof source === 'string' && source.trim() !== '') {
      data.slug = await uniqueSlug(strapi, context.uid, slugFromTitle(source), documentId);
    }
    return next();
  });
}

/**
 * Whether a slug is what the admin prefills before a title is typed: the content type's model
 * name, made unique with -1, -2… ("training", "training-1"). Saved unchanged it would become
 * /trainings/training/, frozen once published, so it counts as no slug at all.
 */
export function isAdminDefault(strapi: Core.Strapi, uid: UID.ContentType, slug: string): boolean {
  const modelName = (strapi.contentTypes[uid] as { modelName?: string } | undefined)?.modelName;
  return modelName !== undefined && new RegExp(`^${modelName}(-\\d+)?$`).test(slug);
}

async function uniqueSlug(strapi: Core.Strapi, uid: UID.ContentType, base: string, documentId?: string) {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const taken = await strapi.db.query(uid).findOne({
      where: { slug: candidate, ...(documentId ? { documentId: { $ne: documentId } } : {}) },
      select: ['id'],
    });
    if (!taken) return candidate;
  }
}

interface UidService {
  generateUIDField(args: {
    contentTypeUID: UID.ContentType;
    field: string;
    data: Record<string, unknown>;
    locale?: string;
  }): Promise<string>;
  findUniqueUID(args: { contentTypeUID: UID.ContentType; field: string; value: string; locale?: string }): Promise<string>;
}

/**
 * The admin fills a slug while the editor types the title, through the content manager's
 * UID service, whose slugify drops Chinese characters. Suggest the pinyin instead.
 */
export function suggestPinyinSlugsInAdmin(strapi: Core.Strapi): void {
  const service = strapi.plugin('content-manager').service('uid') as unknown as UidService;
  const original = service.generateUIDField.bind(service);
  service.generateUIDField = async (args) => {
    const attribute = strapi.contentTypes[args.contentTypeUID]?.attributes[args.field] as { targetField?: string } | undefined;
    const source = attribute?.targetField ? args.data?.[attribute.targetField] : undefined;
    if (typeof source !== 'string' || source.trim() === '') return original(args);
    return service.findUniqueUID({ ...args, value: slugFromTitle(source) });
  };
}

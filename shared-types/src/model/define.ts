/**
 * The shape of the content model: one module per content type declares everything the
 * system knows about it — Strapi's uid and REST path, the site's collection, the Chinese
 * labels and help editors read, each field with its length and pattern, draft and publish,
 * the public URL and the section it belongs to. Strapi's schema.json files and the zod
 * contracts are generated from it (`npm run generate`), so none of it is written twice.
 */

interface FieldCommon {
  /** The field's Chinese name: the admin's label, and how validation messages name it. */
  label: string;
  /** The admin's help text under the field. */
  help: string;
  required?: boolean;
}

export interface TextField extends FieldCommon {
  type: 'string' | 'text' | 'richtext';
  maxLength?: number;
  pattern?: RegExp;
  /** What the pattern means, said to an editor ("应为 6 位数字"). */
  patternHint?: string;
  unique?: boolean;
  /** A contract with its own zod schema (money), instead of a plain string. */
  contract?: 'yuan';
}

export interface EmailField extends FieldCommon {
  type: 'email';
}

/** The slug: ASCII, spelled from `targetField` when left empty, unique per collection. */
export interface UidField extends FieldCommon {
  type: 'uid';
  targetField: string;
}

export interface IntegerField extends FieldCommon {
  type: 'integer';
  min?: number;
  max?: number;
}

export interface DateField extends FieldCommon {
  type: 'date' | 'datetime';
}

export interface EnumerationField extends FieldCommon {
  type: 'enumeration';
  values: readonly string[];
  default?: string;
}

export interface ComponentField extends FieldCommon {
  type: 'component';
  component: string;
  repeatable: boolean;
}

/** One uploaded image; the contract requires its alt text. */
export interface MediaField extends FieldCommon {
  type: 'media';
  allowedTypes: readonly ('images' | 'files' | 'videos' | 'audios')[];
}

export interface RelationField extends FieldCommon {
  type: 'relation';
  relation: 'manyToOne' | 'oneToMany';
  target: string;
  /** The owning side names the inverse field; the inverse side names the owning one. */
  inversedBy?: string;
  mappedBy?: string;
  /**
   * What the site's REST query populates of the target, and so what the contract holds:
   * a list of the target's fields, 'all', or nothing (the site does not read the relation).
   * `required` on a relation is enforced by the CMS's save rules (Strapi cannot).
   */
  populate?: 'all' | readonly string[];
}

export type Field =
  | TextField
  | EmailField
  | UidField
  | IntegerField
  | DateField
  | EnumerationField
  | ComponentField
  | MediaField
  | RelationField;

export interface Section {
  /** The section's list on the public site (its first page): where its breadcrumbs start. */
  list: string;
  /** The column name (ColumnName meta, headings, the list's title). */
  column: string;
  /** ColumnType meta, the search result's section label and the feed item's category. */
  type: string;
  /** The section's RSS feed. */
  feed: { title: string; href: string };
}

export interface ContentTypeConfig {
  uid: string;
  kind: 'collectionType' | 'singleType';
  singularName: string;
  pluralName: string;
  /** The database table. */
  collectionName: string;
  displayName: string;
  description: string;
  draftAndPublish: boolean;
  /** The name of the zod contract (`${contract}Schema`) and of the generated object. */
  contract: string;
  /** The site's Astro collection, when the site reads this type. */
  astroCollection?: string;
  /** The public page of one document, with {field} or {relation.field} placeholders. */
  url?: string;
  section?: Section;
  /** The admin's list view: columns, sort, and the field that names a document. */
  admin?: { columns: readonly string[]; sortBy: string; order: 'ASC' | 'DESC'; mainField: string };
  fields: Readonly<Record<string, Field>>;
}

export interface ComponentConfig {
  /** category.name, e.g. relief.breakdown-row */
  uid: string;
  collectionName: string;
  displayName: string;
  icon: string;
  description: string;
  contract: string;
  fields: Readonly<Record<string, Field>>;
}

/** Keeps the literal types (the uid, the REST path) for callers that need them. */
export function defineContentType<const T extends ContentTypeConfig>(config: T): T {
  return config;
}

export function defineComponent<const T extends ComponentConfig>(config: T): T {
  return config;
}

/**
 * Documents per REST page: Strapi's `rest.maxLimit` (cms/config/api.ts) and the page size the
 * site's loader asks for (site/src/cms/client.ts), one number so that they cannot drift apart
 * (asked for more, Strapi would silently send fewer).
 *
 * Larger pages are faster and cost memory. Each request costs Strapi a fixed part besides its
 * documents: at 1x, 10,000 news read 100 at a time took 2.1-2.2 s, 250 at a time 1.4 s, 500 at
 * a time 1.2 s; the 3x content sync took 14.3 s with pages of 500 or 250 against 17.7-19.1 s
 * with 100. But the build's heap grew with the pages: the bare 3x build peaked at 1,873-1,914 MB
 * with 500, 1,513-1,596 MB with 250, 1,364-1,423 MB with 100 (2026-12-04, docs/benchmarks.md),
 * and the cold publish at 3x, which adds the publisher's own memory, must stay under 2 GB.
 */
export const REST_PAGE_SIZE = 100;

/** The REST path segment: the plural name for a collection, the singular for a single type. */
export function restPathOf(type: Pick<ContentTypeConfig, 'kind' | 'singularName' | 'pluralName'>): string {
  return type.kind === 'singleType' ? type.singularName : type.pluralName;
}

/**
 * The public path of a document as the REST API returns it: '/relief/{programme.slug}/{slug}/'
 * with the values filled in. Throws, naming the field, when one is missing.
 */
export function publicUrl(pattern: string, document: Record<string, unknown>): string {
  return pattern.replace(/\{([\w.]+)\}/g, (_, path: string) => {
    const value = path.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | null)?.[key], document);
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`网址 ${pattern} 需要“${path}”，文档中没有`);
    return String(value);
  });
}

/** The fields a URL pattern reads, e.g. ['programme.slug', 'slug']. */
export function urlFields(pattern: string): string[] {
  return [...pattern.matchAll(/\{([\w.]+)\}/g)].map((m) => m[1] as string);
}

export const SLUG_HELP = '网址中使用的英文名，留空则按标题拼音自动生成；发布后不能修改，以免链接失效';
export const IMAGE_HELP = '建议横幅图片（宽 1200 像素以上）；上传后请在媒体库填写“替代文字”，描述图片内容';
export const BODY_HELP = '空一行分段，## 开头为小标题，- 开头为列表；照片请用工具栏的“图片”按钮从媒体库插入';
export const REGISTRATION_HELP = '选填。怎样报名：报名办法、截止时间或报名网址，如“请于4月10日前向所在区妇联报名”，最多 300 字';
export const PHONE_HELP = '选填。供群众咨询的电话，如“0592-5053526”；可填多个，用顿号隔开';
export const SUMMARY_HELP = '一两句话概括全文，用于列表、订阅源和搜索结果，最多 300 字';

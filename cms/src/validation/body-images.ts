import type { Core } from '@strapi/strapi';
import { ALT_TEXT, labelOf } from '../labels';
import { type Attribute, isBlank, type Problem } from './attribute-checks';

/**
 * Photos in Markdown bodies. Strapi's editor inserts a media-library image as
 * `![alt](<backend URL>/uploads/x.jpg)`. The site copies and encodes such images like covers,
 * with the media library's alt text, so at save:
 * - an image under /uploads/ must be a file of the media library, with its alt text filled in;
 * - its address is stored as the plain path (/uploads/x.jpg), which does not depend on the
 *   address the admin was opened at, and its Markdown alt is the media library's.
 * Images on other sites (https) are left as they are: the site shows them as they come.
 */

const MARKDOWN_IMAGE = /!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?((?:\s+"[^"]*")?)\s*\)/g;
const HTML_IMAGE = /<img\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]+)/gi;

/** The media-library path of an image address (/uploads/x.jpg), or undefined for other images. */
export function uploadPath(src: string): string | undefined {
  const path = /^https?:\/\//i.test(src) ? safePathname(src) : src;
  if (path === undefined || !/^\/uploads\/[^/?#]+$/.test(path)) return undefined;
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

function safePathname(src: string): string | undefined {
  try {
    return new URL(src).pathname;
  } catch {
    return undefined;
  }
}

/** Image addresses in Markdown (![alt](src)) and in pasted HTML (<img src="…">). */
export function bodyImageSources(markdown: string): string[] {
  const sources: string[] = [];
  for (const match of markdown.matchAll(MARKDOWN_IMAGE)) sources.push(match[2] as string);
  for (const match of markdown.matchAll(HTML_IMAGE)) sources.push(match[1] as string);
  return sources;
}

interface LibraryFile {
  url: string;
  name: string;
  alternativeText: string | null;
}

async function libraryFiles(strapi: Core.Strapi, paths: string[]): Promise<Map<string, LibraryFile>> {
  if (paths.length === 0) return new Map();
  const files = (await strapi.db.query('plugin::upload.file').findMany({
    where: { url: { $in: [...new Set(paths)] } },
    select: ['url', 'name', 'alternativeText'],
  })) as LibraryFile[];
  return new Map(files.map((file) => [file.url, file]));
}

function richtextFields(strapi: Core.Strapi, uid: string): string[] {
  const attributes = (strapi.contentTypes[uid as never] as { attributes: Record<string, Attribute> } | undefined)?.attributes;
  return Object.entries(attributes ?? {})
    .filter(([, attribute]) => attribute.type === 'richtext')
    .map(([name]) => name);
}

/**
 * Rewrites media-library images in the Markdown fields of data being written: the plain path,
 * and the media library's alt text (a photo described once, in the media library, reads the
 * same wherever it is used). Images the library does not know are left for the check below.
 */
export async function normaliseBodyImages(strapi: Core.Strapi, uid: string, data: Record<string, unknown>): Promise<void> {
  for (const field of richtextFields(strapi, uid)) {
    const markdown = data[field];
    if (typeof markdown !== 'string') continue;
    const paths = bodyImageSources(markdown)
      .map(uploadPath)
      .filter((p): p is string => p !== undefined);
    const files = await libraryFiles(strapi, paths);
    if (files.size === 0) continue;
    data[field] = markdown.replace(MARKDOWN_IMAGE, (whole, alt: string, src: string, title: string) => {
      const path = uploadPath(src);
      const file = path ? files.get(path) : undefined;
      if (!file) return whole;
      const libraryAlt = file.alternativeText?.trim() ? file.alternativeText.trim().replace(/[[\]\n]/g, ' ') : alt;
      return `![${libraryAlt}](${encodeURI(file.url)}${title})`;
    });
  }
}

/** Every media-library image of the document's bodies is in the library and has its alt text. */
export async function checkBodyImages(strapi: Core.Strapi, uid: string, document: Record<string, unknown>): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const field of richtextFields(strapi, uid)) {
    const markdown = document[field];
    if (typeof markdown !== 'string') continue;
    const label = `“${labelOf(uid, field)}”`;
    const sources = bodyImageSources(markdown).filter((src) => src.includes('/uploads/'));
    const files = await libraryFiles(
      strapi,
      sources.map(uploadPath).filter((p): p is string => p !== undefined),
    );
    for (const src of new Set(sources)) {
      const path = uploadPath(src);
      const file = path ? files.get(path) : undefined;
      if (!file) {
        problems.push({
          path: [field],
          message: `${label}中的图片（${src}）不在媒体库中：请用编辑器的“插入媒体”按钮从媒体库插入图片，或删除这张图片`,
        });
      } else if (isBlank(file.alternativeText)) {
        problems.push({
          path: [field],
          message: `${label}中的图片（${file.name}）缺少${ALT_TEXT}：请在媒体库中为它填写“${ALT_TEXT}”，描述图片内容`,
        });
      }
    }
  }
  return problems;
}

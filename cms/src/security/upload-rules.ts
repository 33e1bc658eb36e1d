import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import sharp from 'sharp';

/**
 * What an upload must be for the site to use it safely: its content is what its extension
 * says (sniffed from the bytes, never the browser's word), it is not SVG (an SVG is a document
 * that can carry script), it fits the size limit, and an image decodes within the pixel limit
 * (a 100 kB PNG can claim 50,000 × 50,000 pixels and take gigabytes to open). An image that
 * sharp cannot decode is refused here, naming the file, instead of failing every site build.
 */

export const DEFAULT_MAX_MB = 20;
export const DEFAULT_MAX_MEGAPIXELS = 40;

export function uploadLimits(env: NodeJS.ProcessEnv = process.env): { maxBytes: number; maxPixels: number } {
  const mb = Number(env.UPLOAD_MAX_MB ?? DEFAULT_MAX_MB);
  const megapixels = Number(env.UPLOAD_MAX_MEGAPIXELS ?? DEFAULT_MAX_MEGAPIXELS);
  if (!(mb > 0) || !(megapixels > 0)) {
    throw new Error(`UPLOAD_MAX_MB（${env.UPLOAD_MAX_MB}）和 UPLOAD_MAX_MEGAPIXELS（${env.UPLOAD_MAX_MEGAPIXELS}）必须是正数`);
  }
  return { maxBytes: Math.round(mb * 1024 * 1024), maxPixels: Math.round(megapixels * 1_000_000) };
}

/** Per extension, the type the content must sniff as; `text` has no signature and must be UTF-8. */
const EXPECTED: Record<string, { mime: string | 'text'; what: string; image?: boolean }> = {
  '.jpg': { mime: 'image/jpeg', what: 'JPEG 图片', image: true },
  '.jpeg': { mime: 'image/jpeg', what: 'JPEG 图片', image: true },
  '.png': { mime: 'image/png', what: 'PNG 图片', image: true },
  '.gif': { mime: 'image/gif', what: 'GIF 图片', image: true },
  '.webp': { mime: 'image/webp', what: 'WebP 图片', image: true },
  '.avif': { mime: 'image/avif', what: 'AVIF 图片', image: true },
  '.tif': { mime: 'image/tiff', what: 'TIFF 图片', image: true },
  '.tiff': { mime: 'image/tiff', what: 'TIFF 图片', image: true },
  '.pdf': { mime: 'application/pdf', what: 'PDF 文档' },
  '.doc': { mime: 'application/x-cfb', what: 'Word 97-2003 文档' },
  '.xls': { mime: 'application/x-cfb', what: 'Excel 97-2003 表格' },
  '.ppt': { mime: 'application/x-cfb', what: 'PowerPoint 97-2003 演示文稿' },
  '.docx': { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', what: 'Word 文档' },
  '.xlsx': { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', what: 'Excel 表格' },
  '.pptx': { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', what: 'PowerPoint 演示文稿' },
  '.txt': { mime: 'text', what: '纯文本' },
  '.csv': { mime: 'text', what: 'CSV 表格' },
};

/** How a sniffed type is named to an editor. */
function describe(mime: string): string {
  const known = Object.values(EXPECTED).find((e) => e.mime === mime);
  if (known) return `${known.what}（${mime}）`;
  return mime;
}

export interface UploadedFile {
  name: string;
  path: string;
  size: number;
}

async function head(path: string, bytes: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await file.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

function looksLikeSvg(start: Buffer): boolean {
  const text = start
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return /^<\?xml|^<svg|^<!doctype svg/.test(text) || (text.startsWith('<') && text.includes('<svg'));
}

/** The problems of one file, each a sentence naming it; empty when it may be stored. */
export async function checkUpload(file: UploadedFile, limits = uploadLimits()): Promise<string[]> {
  const name = `“${file.name}”`;
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  if (file.size > limits.maxBytes) {
    return [`文件${name}有 ${mb(file.size)} MB，超过 ${mb(limits.maxBytes)} MB 的上限：请压缩或缩小后再上传`];
  }
  const ext = extname(file.name).toLowerCase();
  const start = await head(file.path, 4100);
  if (ext === '.svg' || ext === '.svgz' || looksLikeSvg(start)) {
    return [`文件${name}是 SVG 图形：SVG 可以携带脚本，网站不接受。请另存为 PNG 或 JPEG 后再上传`];
  }
  const expected = EXPECTED[ext];
  if (!expected) {
    const accepted = [...new Set(Object.keys(EXPECTED))].join('、');
    return [`文件${name}的类型（${ext || '无扩展名'}）不在允许范围内：只接受 ${accepted}`];
  }
  const { fileTypeFromBuffer } = await import('file-type');
  const sniffed = (await fileTypeFromBuffer(new Uint8Array(start)))?.mime;
  if (expected.mime === 'text') {
    // Any text encoding is fine (Excel in China saves CSV as GBK); binary content is not.
    if (sniffed || start.includes(0)) {
      return [
        `文件${name}的扩展名是 ${ext}，内容却不是纯文本${sniffed ? `，而是 ${describe(sniffed)}` : ''}：请改正扩展名或重新导出后再上传`,
      ];
    }
    return [];
  }
  if (sniffed !== expected.mime) {
    return [
      `文件${name}的扩展名是 ${ext}（${expected.what}），内容却${sniffed ? `是 ${describe(sniffed)}` : '无法识别'}：请改正扩展名或用原程序重新导出后再上传`,
    ];
  }
  if (expected.image) return checkImage(file, name, limits.maxPixels);
  return [];
}

async function checkImage(file: UploadedFile, name: string, maxPixels: number): Promise<string[]> {
  const tenThousands = (n: number) => `${Math.round(n / 10_000)} 万像素`;
  let width: number | undefined;
  let height: number | undefined;
  let pages = 1;
  try {
    // The header alone: a decompression bomb is refused before a single row is decoded.
    const metadata = await sharp(file.path, { limitInputPixels: false }).metadata();
    width = metadata.width;
    height = metadata.height;
    pages = metadata.pages ?? 1;
  } catch (error) {
    return [unreadable(name, error)];
  }
  if (!width || !height) return [`无法读取图片${name}的尺寸：文件可能已损坏。请重新导出为 JPEG 或 PNG 后再上传`];
  if (width * height > maxPixels || width * height * pages > maxPixels * 4) {
    return [
      `图片${name}有 ${width}×${height} 像素${pages > 1 ? `（共 ${pages} 帧）` : ''}，超过 ${tenThousands(maxPixels)}的上限：请缩小后再上传`,
    ];
  }
  try {
    // Decoding every pixel is the only proof the site build will be able to: a file whose
    // header is fine but whose data is cut short or corrupt fails here, not in the build.
    // stats() streams through the pixels without holding them all.
    await sharp(file.path, { limitInputPixels: maxPixels * 4, animated: true }).stats();
  } catch (error) {
    return [unreadable(name, error)];
  }
  return [];
}

function unreadable(name: string, error: unknown): string {
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return `无法解码图片${name}：文件已损坏或格式不受支持（${detail}）。请用看图软件打开确认后，重新导出为 JPEG 或 PNG 再上传`;
}

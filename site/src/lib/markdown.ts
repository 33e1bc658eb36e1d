import { Marked, type Token, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

// Own instance: global marked options set elsewhere must not change what editors get.
const marked = new Marked({ gfm: true, breaks: false, async: false });

/**
 * What an editor's Markdown may become. An allowlist: anything not named here (script,
 * style, iframe, form, event handlers, javascript: or data: URLs) is dropped, so a pasted
 * snippet can never run in a reader's browser or a feed reader.
 */
const POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'blockquote',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    'del',
    's',
    'sub',
    'sup',
    'code',
    'pre',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'caption',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading', 'decoding'],
    th: ['align', 'colspan', 'rowspan', 'scope'],
    td: ['align', 'colspan', 'rowspan'],
    ol: ['start'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Body images are either photos of the CMS's media library (made /uploads/… by transformTags
  // below, then copied and encoded into dist by replaceBodyImages) or absolute https addresses:
  // any other relative or plain-http src would break in the static site or leak the reader to
  // an insecure host.
  exclusiveFilter: (frame) =>
    frame.tag === 'img' && !/^https:\/\//i.test(frame.attribs.src ?? '') && !isUploadPath(frame.attribs.src ?? ''),
  transformTags: {
    a: (tagName, attribs) => {
      const external = /^https?:\/\//i.test(attribs.href ?? '');
      return { tagName, attribs: external ? { ...attribs, rel: 'noopener noreferrer' } : attribs };
    },
    img: (tagName, attribs) => {
      // The CMS stores media-library photos as /uploads/…; one pasted with the admin's address
      // is kept by its path, so no address of the CMS reaches a page.
      const upload = uploadPath(attribs.src ?? '');
      return { tagName, attribs: { ...attribs, ...(upload ? { src: upload } : {}), loading: 'lazy', decoding: 'async' } };
    },
  },
};

/** The media-library path (/uploads/x.jpg) of an image address, or undefined for other images. */
export function uploadPath(src: string): string | undefined {
  let path = src;
  if (/^https?:\/\//i.test(src)) {
    try {
      path = new URL(src).pathname;
    } catch {
      return undefined;
    }
  }
  return /^\/uploads\/[^/?#"'<>\s]+$/.test(path) ? path : undefined;
}

/** Any address of an upload in a text: the media library's own path, or with the CMS's address before it. */
const UPLOAD_REFERENCE = /(?:https?:\/\/[^\s"'<>()]+)?\/uploads\/[^/?#"'<>\s()]+/gi;

/**
 * The media-library paths a Markdown body mentions, sorted, each once: every place an image
 * can come from (`![alt](src)`, a reference definition, pasted `<img src>`), and any other
 * mention too, which costs only a look-up. The loader asks the CMS for these files.
 */
export function uploadPathsIn(markdown: string): string[] {
  if (!markdown.includes('/uploads/')) return [];
  const paths = new Set<string>();
  for (const [match] of markdown.matchAll(UPLOAD_REFERENCE)) {
    const path = uploadPath(match);
    if (path) paths.add(path);
  }
  return [...paths].sort();
}

const isUploadPath = (src: string) => src.startsWith('/uploads/') && uploadPath(src) !== undefined;

/**
 * The page's own title is the only h1, so an editor's headings start at h2 and never skip a
 * level (screen-reader users navigate by them): the levels used, in order, become h2, h3, …
 */
function normaliseHeadings(tokens: Token[]): void {
  const headings: Tokens.Heading[] = [];
  marked.walkTokens(tokens, (token) => {
    if (token.type === 'heading') headings.push(token as Tokens.Heading);
  });
  const levels = [...new Set(headings.map((h) => h.depth))].sort((a, b) => a - b);
  for (const heading of headings) heading.depth = Math.min(6, 2 + levels.indexOf(heading.depth));
}

/** Markdown from the CMS to HTML that is safe to put in a page or a feed as it is. */
export function renderMarkdown(markdown: string): string {
  const tokens = marked.lexer(markdown);
  normaliseHeadings(tokens);
  return sanitizeHtml(marked.parser(tokens), POLICY);
}

/** A media-library photo in a rendered body: its path in the CMS and its alt text. */
export interface BodyImage {
  src: string;
  alt: string;
  title?: string;
}

const DECODE: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const attribute = (tag: string, name: string) => {
  const value = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  return value?.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => DECODE[entity] as string);
};

/**
 * Replaces each media-library photo (<img src="/uploads/…">, as renderMarkdown leaves it) in
 * rendered HTML with the markup `picture` gives for it: the encoded copies in dist, never the
 * CMS. External https images stay as they are.
 */
export async function replaceBodyImages(html: string, picture: (image: BodyImage) => Promise<string>): Promise<string> {
  const tags = [...html.matchAll(/<img\b[^>]*>/g)].filter((m) => attribute(m[0], 'src')?.startsWith('/uploads/'));
  if (tags.length === 0) return html;
  const pictures = await Promise.all(
    tags.map((m) => {
      const title = attribute(m[0], 'title');
      return picture({ src: attribute(m[0], 'src') as string, alt: attribute(m[0], 'alt') ?? '', ...(title ? { title } : {}) });
    }),
  );
  let out = '';
  let at = 0;
  tags.forEach((m, i) => {
    out += html.slice(at, m.index) + pictures[i];
    at = (m.index as number) + m[0].length;
  });
  return out + html.slice(at);
}

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
  // Body images must be absolute https addresses: a relative or plain-http src breaks in the
  // static site or leaks the reader to an insecure host. CMS uploads in bodies are not yet
  // copied into dist, so they are dropped here rather than left pointing at the CMS.
  exclusiveFilter: (frame) => frame.tag === 'img' && !/^https:\/\//i.test(frame.attribs.src ?? ''),
  transformTags: {
    a: (tagName, attribs) => {
      const external = /^https?:\/\//i.test(attribs.href ?? '');
      return { tagName, attribs: external ? { ...attribs, rel: 'noopener noreferrer' } : attribs };
    },
    img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: 'lazy', decoding: 'async' } }),
  },
};

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

// Queries for the search page's box (/search/?…), as a browser's form sends them or as someone
// crafts them by hand, and the text the box must then hold. Sent to nginx with
// deploy/nginx/search-query.js and to npm start's static server alike: the box shows what was
// typed, and nothing in a query ever becomes markup.

export interface SearchQueryCase {
  name: string;
  /** The raw query string after "?", exactly as sent. */
  query: string;
  /** The box's value as the browser reads it. */
  box: string;
}

export const SEARCH_QUERY_CASES: SearchQueryCase[] = [
  { name: 'Chinese', query: 'q=%E5%AE%B6%E5%BA%AD%E6%95%99%E8%82%B2', box: '家庭教育' },
  { name: 'a space as +', query: 'q=%E5%A6%87%E8%81%94+%E6%95%91%E5%8A%A9', box: '妇联 救助' },
  { name: 'a script tag', query: 'q=%3Cscript%3Ealert(1)%3C%2Fscript%3E', box: '<script>alert(1)</script>' },
  {
    name: 'a double quote leaving the attribute',
    query: 'q=%22+autofocus+onfocus%3D%22alert(1)%22+x%3D%22',
    box: '" autofocus onfocus="alert(1)" x="',
  },
  {
    name: 'a single quote and a tag',
    query: 'q=%27%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E',
    box: "'><img src=x onerror=alert(1)>",
  },
  { name: 'unencoded markup', query: 'q="><svg/onload=alert(1)>', box: '"><svg/onload=alert(1)>' },
  { name: 'a real + and &', query: 'q=a%2Bb%26c%3Dd', box: 'a+b&c=d' },
  { name: 'replacement patterns', query: 'q=%24%27%24%60%24%26', box: "$'$`$&" },
  { name: 'an entity', query: 'q=%26lt%3B%26quot%3B', box: '&lt;&quot;' },
  { name: 'not UTF-8', query: 'q=%FF%FE', box: '' },
  { name: 'a broken escape', query: 'q=%E5%AE', box: '' },
  {
    name: 'after the section, spaces and a line break',
    query: 'section=%E6%96%B0%E9%97%BB&q=+%E8%AE%B2%E5%BA%A7%0A',
    box: '讲座',
  },
  { name: 'a control character', query: 'q=%E8%AE%B2%00%E5%BA%A7', box: '讲 座' },
  { name: 'the first of two', query: 'q=%E8%AE%B2%E5%BA%A7&q=%E5%9F%B9%E8%AE%AD', box: '讲座' },
  { name: 'no query', query: '', box: '' },
  { name: 'another parameter only', query: 'qq=%E8%AE%B2%E5%BA%A7', box: '' },
];

/** The value attribute of the search box in a served page, decoded as a browser decodes it. */
export function boxValueIn(html: string): string | undefined {
  const tags = [...html.matchAll(/<input\b[^>]*\bid="page-search"[^>]*>/g)];
  if (tags.length !== 1) return undefined;
  const value = /\svalue="([^"]*)"/.exec(tags[0]?.[0] ?? '')?.[1];
  return value?.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '',
  );
}

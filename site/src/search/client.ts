import { excerpt, queryTerms, escapeText as text, unsplit } from './text.ts';

/**
 * The search page's client, over the Pagefind index at /pagefind/ (built in shards and merged,
 * src/search/index.ts). The query and the section filter live in the URL (?q=…&section=…), so
 * a result list can be bookmarked, shared and returned to with Back.
 */

/** Results shown at a time: each costs its page's fragment (about 2 KB) on a first search. */
const PAGE = 10;

interface Result {
  id: string;
  data(): Promise<{
    url: string;
    content: string;
    excerpt: string;
    meta: Record<string, string>;
    filters: Record<string, string[]>;
  }>;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  search(term: string, options?: Record<string, unknown>): Promise<{ results: Result[] }>;
}

const params = new URLSearchParams(location.search);
const query = (params.get('q') ?? '').trim();
let section = params.get('section') ?? '';
const input = document.querySelector<HTMLInputElement>('#page-search');
const results = document.querySelector<HTMLElement>('#search-results');
const filter = document.querySelector<HTMLFieldSetElement>('#section-filter');
if (input) input.value = query;

async function load(): Promise<Pagefind> {
  // A variable, so that Vite leaves the import alone: the file exists only in the built site.
  const script = '/pagefind/pagefind.js';
  const pagefind = (await import(/* @vite-ignore */ script)) as Pagefind;
  await pagefind.options({ excerptLength: 40 });
  return pagefind;
}

function item(r: Awaited<ReturnType<Result['data']>>): string {
  const date = r.meta.date ? `<span>${text(r.meta.date)}</span>` : '';
  return `<li class="entry-card"><h3><a href="${text(r.url)}">${text(r.meta.heading ?? unsplit(r.meta.title ?? r.url).replace(/。$/, ''))}</a></h3>
    <p class="meta"><span class="tag">${text(r.filters.section?.[0] ?? '页面')}</span>${date}</p>
    <p>${excerpt(r.content, query, r.excerpt)}</p></li>`;
}

let run = 0;
async function show(pagefind: Pagefind): Promise<void> {
  if (!results) return;
  const mine = ++run;
  if (!query) {
    results.innerHTML = '<p>请输入关键词，如：救助、讲座、家庭教育。</p>';
    return;
  }
  const search = await pagefind.search(queryTerms(query), section ? { filters: { section } } : {});
  const first = await Promise.all(search.results.slice(0, PAGE).map((r) => r.data()));
  if (mine !== run) return; // a newer filter choice is on its way
  const heading = `<h2 class="section-title">“${text(query)}”${section ? `（${text(section)}）` : ''}共找到 ${search.results.length} 条结果</h2>`;
  if (first.length === 0) {
    results.innerHTML = `${heading}<p>没有找到相关内容。可以换一个关键词，或<a href="/archive/">按年月浏览</a>。</p>`;
    return;
  }
  results.innerHTML = `${heading}<ol class="entry-list search-results">${first.map(item).join('')}</ol>`;
  let shown = first.length;
  const list = results.querySelector('ol') as HTMLOListElement;
  const more = document.createElement('button');
  more.type = 'button';
  more.className = 'more-results';
  const label = () => {
    more.textContent = `更多（还有 ${search.results.length - shown} 条）`;
  };
  label();
  more.addEventListener('click', async () => {
    more.disabled = true;
    const next = await Promise.all(search.results.slice(shown, shown + PAGE).map((r) => r.data()));
    list.insertAdjacentHTML('beforeend', next.map(item).join(''));
    // Keyboard and screen-reader users continue at the first new result.
    list.children[shown]?.querySelector('a')?.focus();
    shown += next.length;
    more.disabled = false;
    if (shown >= search.results.length) more.remove();
    else label();
  });
  if (shown < search.results.length) results.append(more);
}

function syncUrl(): void {
  const next = new URLSearchParams(location.search);
  if (section) next.set('section', section);
  else next.delete('section');
  const search = next.toString();
  if (search !== location.search.slice(1)) history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}`);
  // A new query typed into the box keeps the section chosen.
  const form = input?.form;
  let hidden = form?.querySelector<HTMLInputElement>('input[name="section"]');
  if (form && section && !hidden) {
    hidden = document.createElement('input');
    hidden.type = 'hidden';
    hidden.name = 'section';
    form.append(hidden);
  }
  if (hidden) {
    if (section) hidden.value = section;
    else hidden.remove();
  }
}

async function start(): Promise<void> {
  const pagefind = await load();
  if (filter) {
    const chosen = filter.querySelector<HTMLInputElement>(`input[value="${CSS.escape(section)}"]`);
    if (chosen) chosen.checked = true;
    else section = '';
    filter.hidden = false;
    filter.addEventListener('change', (event) => {
      section = (event.target as HTMLInputElement).value;
      syncUrl();
      void show(pagefind);
    });
  }
  syncUrl();
  await show(pagefind);
}

start().catch((error: unknown) => {
  console.warn('search unavailable', error);
  results?.insertAdjacentHTML('afterbegin', '<p>搜索暂时无法使用，请稍后再试，或按栏目浏览：</p>');
});

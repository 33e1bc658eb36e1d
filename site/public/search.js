// The search page's script (src/pages/search.astro). Plain JavaScript served as written from
// public/: it loads /pagefind/pagefind.js, which only exists in the built site, at run time, so
// Vite must not rewrite that import (when it does, it leaves an unreplaced preload placeholder).
// A file, not inline script, so the Content-Security-Policy can refuse every inline script.
const params = new URLSearchParams(location.search);
const query = (params.get('q') ?? '').trim();
const input = document.querySelector('#page-search');
const results = document.querySelector('#search-results');
const filter = document.querySelector('#section-filter');
if (input) input.value = query;

// The index holds pages split into words by Intl.Segmenter (src/integrations/
// search-segmentation.ts) under a language Pagefind does not segment, so the query is split
// here the same way. Browsers without Intl.Segmenter search character by character.
const segmenter = 'Segmenter' in Intl ? new Intl.Segmenter('zh-CN', { granularity: 'word' }) : null;
const terms = (value) =>
  segmenter
    ? Array.from(segmenter.segment(value), (s) => s.segment)
        .filter((w) => w.trim())
        .join(' ')
    : value.replace(/(\p{Script=Han})/gu, ' $1 ').trim();
// …and the spaces that split the words come out again in titles and excerpts.
const CJK = '[\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef]';
const MARK = '(?:</?mark>)?';
const afterCjk = new RegExp(`(${CJK}${MARK}) (?=${MARK}\\S)`, 'gu');
const beforeCjk = new RegExp(`(\\S${MARK}) (?=${MARK}${CJK})`, 'gu');
const unsplit = (value) => value.replace(afterCjk, '$1').replace(beforeCjk, '$1');

const text = (value) => {
  const span = document.createElement('span');
  span.textContent = value;
  return span.innerHTML;
};

async function run(pagefind, section) {
  if (!query) {
    results.innerHTML = '<p>请输入关键词，如：救助、讲座、家庭教育。</p>';
    return;
  }
  const search = await pagefind.search(terms(query), section ? { filters: { section } } : {});
  const found = await Promise.all(search.results.slice(0, 30).map((r) => r.data()));
  const heading = `<h2 class="section-title">“${text(query)}”${section ? `（${text(section)}）` : ''}共找到 ${search.results.length} 条结果</h2>`;
  if (found.length === 0) {
    results.innerHTML = `${heading}<p>没有找到相关内容。可以换一个关键词，或<a href="/archive/">按年月浏览</a>。</p>`;
    return;
  }
  // Pagefind builds the excerpt from the page's own (already sanitised) text, adding <mark>.
  results.innerHTML = `${heading}<ol class="entry-list search-results">${found
    .map(
      (r) => `<li class="entry-card"><h3><a href="${text(r.url)}">${text(unsplit(r.meta.title ?? r.url))}</a></h3>
        <p class="meta"><span class="tag">${text(r.filters.section?.[0] ?? '页面')}</span>${r.meta.date ? `<span>${text(r.meta.date)}</span>` : ''}</p>
        <p>${unsplit(r.excerpt)}</p></li>`,
    )
    .join('')}</ol>`;
}

try {
  const pagefind = await import('/pagefind/pagefind.js');
  filter.hidden = false;
  filter.addEventListener('change', (event) => run(pagefind, event.target.value));
  await run(pagefind, '');
} catch (error) {
  console.warn('search unavailable', error);
  results.insertAdjacentHTML('afterbegin', '<p>搜索暂时无法使用，请稍后再试，或按栏目浏览：</p>');
}

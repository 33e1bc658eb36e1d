// The helper of the Astro docs' Strapi guide, with the list paged (Strapi returns at most
// 100 per request) and the API token sent.
const STRAPI_URL = process.env.STRAPI_URL;
const STRAPI_TOKEN = process.env.STRAPI_TOKEN;

export async function fetchApi(endpoint, query = '') {
  const url = `${STRAPI_URL}/api/${endpoint}${query ? `?${query}` : ''}`;
  const res = await fetch(url, { headers: { Authorization: `Bearer ${STRAPI_TOKEN}` } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

/** Every document of a collection, a page of 100 at a time. */
export async function fetchAll(endpoint) {
  const all = [];
  for (let page = 1; ; page++) {
    const { data, meta } = await fetchApi(endpoint, `pagination[page]=${page}&pagination[pageSize]=100`);
    all.push(...data);
    if (page >= meta.pagination.pageCount) return all;
  }
}

/** One document with all its relations, components and media (`populate=*`). */
export async function fetchOne(endpoint, documentId) {
  const { data } = await fetchApi(`${endpoint}/${documentId}`, 'populate=*');
  return data;
}

export const mediaUrl = (media) => (media ? `${STRAPI_URL}${media.url}` : undefined);

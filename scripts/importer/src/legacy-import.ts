/**
 * Puts parsed archive articles into the CMS as drafts for editors to review: a News draft
 * each, and a Relief batch draft for each relief announcement whose numbers agree. Safe to
 * run again: what is already there is found and left alone.
 */

import { news, restPathOf } from '@fulian/shared-types/model';
import { batchName, slugFromTitle } from '@fulian/shared-types/rules';
import type { CmsRest } from './cms-rest.ts';
import type { LegacyArticle } from './legacy-archive.ts';
import type { ReliefAnnouncement } from './relief-announcement.ts';

const NEWS_PATH = `/api/${restPathOf(news)}`;

export type Outcome =
  | { status: 'created' | 'exists'; documentId: string; label: string; notes: string[] }
  | { status: 'skipped' | 'failed'; reasons: string[] };

export interface ArticleResult {
  article: LegacyArticle;
  news: Outcome;
  /** Only for relief announcements. */
  programme?: Outcome;
  batch?: Outcome;
}

/** The source every imported news item is credited to: the archive is the federation's own. */
export const SOURCE = '市妇联';

interface NewsDocument {
  documentId: string;
  title: string;
  slug: string;
  date: string;
  body: string | null;
}

interface Document {
  documentId: string;
  [field: string]: unknown;
}

export class LegacyImporter {
  readonly #cms: CmsRest;
  /** Programmes by name, so one created early in a run is found by later announcements. */
  readonly #programmes = new Map<string, Promise<Outcome>>();

  constructor(cms: CmsRest) {
    this.#cms = cms;
  }

  async importArticle(article: LegacyArticle): Promise<ArticleResult> {
    if (article.problems.length > 0) {
      const skipped: Outcome = { status: 'skipped', reasons: article.problems.map((p) => p.message) };
      return { article, news: skipped, ...(article.relief ? { batch: { status: 'skipped', reasons: ['所在文章未导入'] } } : {}) };
    }
    const news = await attempt(() => this.#news(article));
    const result: ArticleResult = { article, news };
    if (!article.relief) return result;
    if (news.status === 'skipped' || news.status === 'failed') {
      result.batch = { status: 'skipped', reasons: ['所在文章的新闻草稿未能导入'] };
      return result;
    }
    if (article.relief.problems.length > 0) {
      result.batch = {
        status: 'skipped',
        reasons: article.relief.problems.map((p) => (p.line ? `${p.message}（第 ${p.line} 行）` : p.message)),
      };
      return result;
    }
    const relief = article.relief;
    const name = relief.programmeName as string;
    let programme = this.#programmes.get(name);
    const firstMention = programme === undefined;
    if (!programme) {
      programme = attempt(() => this.#programme(name));
      this.#programmes.set(name, programme);
    }
    const found = await programme;
    result.programme = firstMention || found.status !== 'created' ? found : { ...found, status: 'exists', notes: [] };
    result.batch =
      found.status === 'created' || found.status === 'exists'
        ? await attempt(() => this.#batch(relief, found.documentId, article))
        : { status: 'skipped', reasons: ['救助项目未能找到或建立'] };
    return result;
  }

  /**
   * The same article is one that agrees with the archive in at least two of title, date and
   * body: an editor may since have corrected one of them in the draft, while a later article
   * that repeats a title (every year has a 党建工作 meeting) differs in the other two.
   * Candidates are the slug the CMS would give this title (with its -2, -3 … siblings) and
   * anything with the same title or date; drafts included, which needs the import token.
   */
  async #news(article: LegacyArticle): Promise<Outcome> {
    const base = slugFromTitle(article.title);
    const candidates = await this.#cms.getAll<NewsDocument>(NEWS_PATH, {
      status: 'draft',
      'filters[$or][0][slug][$startsWith]': base,
      'filters[$or][1][title][$eq]': article.title,
      'filters[$or][2][date][$eq]': article.date as string,
      'fields[0]': 'title',
      'fields[1]': 'slug',
      'fields[2]': 'date',
      'fields[3]': 'body',
    });
    const agreement = (doc: NewsDocument) =>
      Number(plain(doc.title) === plain(article.title)) +
      Number(doc.date === article.date) +
      Number(plain(doc.body) === plain(article.body));
    const same = candidates.filter((doc) => agreement(doc) >= 2);
    const best = same.filter((doc) => agreement(doc) === 3);
    const match = same.length === 1 ? same[0] : best.length === 1 ? best[0] : undefined;
    if (match) {
      const changed = agreement(match) < 3 ? ['CMS 中的草稿与原文已有不同（可能已被编辑修改），未改动'] : [];
      return { status: 'exists', documentId: match.documentId, label: `网址名 ${match.slug}`, notes: changed };
    }
    if (same.length > 1) {
      return {
        status: 'skipped',
        reasons: [
          `CMS 中已有 ${same.length} 篇相似的新闻（${same.map((d) => d.slug).join('、')}），无法判断是哪一篇，请人工核对`,
        ],
      };
    }
    // No slug is sent: the CMS spells it from the title by the same rule and keeps it unique.
    const { data } = await this.#cms.post<{ data: NewsDocument }>(
      NEWS_PATH,
      { status: 'draft' },
      { data: { title: article.title, date: article.date, summary: article.summary, body: article.body, source: SOURCE } },
    );
    return { status: 'created', documentId: data.documentId, label: `网址名 ${data.slug}`, notes: [] };
  }

  async #programme(name: string): Promise<Outcome> {
    // Drafts included: a programme an editor has set up but not yet published is a fine home
    // for batch drafts (the CMS refuses to publish a batch before its programme).
    const [existing] = await this.#cms.getAll<Document>('/api/relief-programmes', {
      status: 'draft',
      'filters[name][$eq]': name,
      'fields[0]': 'name',
    });
    if (existing) return { status: 'exists', documentId: existing.documentId, label: name, notes: [] };
    // Never created here, not even as a draft: the programmes are few and set up by hand, and
    // a typo in the archive (四癌 without its quotes) would otherwise start a second programme
    // that someone has to notice. The import token cannot create one either.
    return {
      status: 'failed',
      reasons: [
        `救助项目“${name}”在管理后台中不存在。导入工具不会自动建立救助项目：请先在管理后台“救助项目”中建立它（名称须与公告中的完全一致；保存为草稿即可，发布批次前须先发布项目），或更正旧稿中的项目名称，再重新运行导入`,
      ],
    };
  }

  /** A batch is the programme's Nth of the year: that, not its wording, says it is already there. */
  async #batch(relief: ReliefAnnouncement, programmeId: string, article: LegacyArticle): Promise<Outcome> {
    const [existing] = await this.#cms.getAll<Document>('/api/relief-batches', {
      status: 'draft',
      'filters[year][$eq]': relief.year as number,
      'filters[batchNumber][$eq]': relief.batchNumber as number,
      'filters[programme][documentId][$eq]': programmeId,
      'fields[0]': 'title',
      'fields[1]': 'amount',
      'fields[2]': 'recipientCount',
    });
    if (existing) {
      const notes: string[] = [];
      if (existing.amount !== relief.amount || existing.recipientCount !== relief.recipientCount) {
        notes.push(
          `CMS 中为 ${existing.amount} 元、${existing.recipientCount} 人，原文为 ${relief.amount} 元、${relief.recipientCount} 人；未改动，请核对`,
        );
      }
      return { status: 'exists', documentId: existing.documentId, label: `《${String(existing.title)}》`, notes };
    }
    const title = batchTitle(relief);
    const { data } = await this.#cms.post<{ data: Document }>(
      '/api/relief-batches',
      { status: 'draft' },
      {
        data: {
          title,
          programme: programmeId,
          year: relief.year,
          batchNumber: relief.batchNumber,
          disbursementDate: relief.disbursementDate,
          amount: relief.amount,
          recipientCount: relief.recipientCount,
          byDistrict: relief.byDistrict,
          byAgeBand: relief.byAgeBand,
          byCancerType: relief.byCancerType,
          summary: article.summary,
        },
      },
    );
    return { status: 'created', documentId: data.documentId, label: `《${title}》`, notes: [] };
  }
}

/** 2018年第三批贫困妇女“四癌”救助金发放, as the CMS's help text spells batch titles. */
export function batchTitle(relief: ReliefAnnouncement): string {
  const batch =
    relief.year !== null && relief.batchNumber !== null
      ? batchName(relief.year, relief.batchNumber)
      : `${relief.year}年第${relief.batchText}批`;
  return `${batch}${(relief.programmeName ?? '').replace(/救助$/, '')}救助金发放`;
}

/** Whitespace differs between the archive and an edited draft (full-width spaces, line ends). */
function plain(text: string | null): string {
  return (text ?? '').replace(/\s+/g, '');
}

/** A failed request fails this article only; the message says which request and why. */
async function attempt(work: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await work();
  } catch (error) {
    return { status: 'failed', reasons: [error instanceof Error ? error.message : String(error)] };
  }
}

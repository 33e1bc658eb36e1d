import { ORGANISER_ROLES, type Organiser } from '@fulian/shared-types';

/**
 * One fact of a document, as its page shows it above the body and its feed item repeats it
 * (时间, 地点, 发放金额 …). Each section builds its facts once (sections/*.ts); the page
 * renders them as a definition list (components/Facts.astro), the feed as escaped HTML
 * (lib/feed.ts factsHtml).
 */
export interface Fact {
  label: string;
  /** As it reads, e.g. 2018年4月17日至19日, 约 150 人. */
  text: string;
  /** A machine-readable date or instant: the page puts the text in a <time>. */
  datetime?: string;
  /** Where the page links the text to (the feed keeps the text alone). */
  href?: string;
  /** The exact figure beside a rounded one: small on the page, in brackets in the feed. */
  detail?: string;
  /**
   * Shown on the page only, not in the feed item, which says it otherwise: a news item's date
   * and source are its pubDate and author. Every other fact is in both.
   */
  pageOnly?: boolean;
}

/** 主办单位, 承办单位, 协办单位: each role that has organisers, in the order readers expect. */
export function organiserFacts(organisers: readonly Organiser[]): Fact[] {
  return ORGANISER_ROLES.map((role) => ({
    label: `${role}单位`,
    text: organisers
      .filter((o) => o.role === role)
      .map((o) => o.name)
      .join('、'),
  })).filter((fact) => fact.text);
}

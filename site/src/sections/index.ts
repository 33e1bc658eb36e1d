import { derivedFrom } from '../build/render-plan.ts';
import { type Card, cardDay } from '../lib/cards.ts';
import { type FeedItem, lastPublished } from '../lib/feed.ts';
import { lectureSection } from './lectures.ts';
import { newsSection } from './news.ts';
import { reliefSection } from './relief.ts';
import type { AnySection } from './section.ts';
import { trainingSection } from './trainings.ts';

/**
 * The site's sections, in the order the site-wide feed, the site map and the archive take
 * them. Each is keyed by its segment in addresses (/news/, /news/rss.xml).
 */
export const SECTIONS = {
  news: newsSection,
  trainings: trainingSection,
  lectures: lectureSection,
  relief: reliefSection,
} satisfies Record<string, AnySection>;

export type SectionKey = keyof typeof SECTIONS;

/** Every section, in that order. */
export const ALL_SECTIONS: readonly AnySection[] = Object.values(SECTIONS);

type EventSection = AnySection & { calendarEvent: NonNullable<AnySection['calendarEvent']> };

/** The sections whose documents are events: in /events.ics, and 培训与讲座 on the home page. */
export const EVENT_SECTIONS = ALL_SECTIONS.filter((section): section is EventSection => section.calendarEvent !== null);

/** A section's feed items: its documents published last (lib/feed.ts FEED_ITEMS). */
export async function feedItems(section: AnySection, site: URL | undefined): Promise<FeedItem[]> {
  return Promise.all(lastPublished(await section.newestFirst()).map((entry) => section.feedItem(entry, site)));
}

const collator = new Intl.Collator('zh-CN');

let made: { from: unknown[][]; cards: Card[] } | undefined;

/**
 * Everything the site publishes, as cards, newest first: the archive's material. Made once for
 * as long as the sections' documents are the same arrays (the archive index, its years and
 * months and the site map all ask). The array is shared: copy it before changing it.
 */
export async function allCards(): Promise<Card[]> {
  const from = await Promise.all(ALL_SECTIONS.map((section) => section.newestFirst()));
  if (made && made.from.every((list, i) => list === from[i])) return made.cards;
  // Each card with its day, worked out once, not once per comparison (36,000 cards at 3x).
  const dated: [string, Card][] = [];
  ALL_SECTIONS.forEach((section, i) => {
    for (const entry of from[i] ?? []) {
      // A card shows its entry and nothing else: its key in the render plan is the entry's.
      const card = derivedFrom(section.card(entry), entry, 'card');
      dated.push([cardDay(card), card]);
    }
  });
  // Days are YYYY-MM-DD: compared as plain strings, newest first, then by title in collation.
  dated.sort((a, b) => (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : collator.compare(a[1].title, b[1].title)));
  const cards = dated.map(([, card]) => card);
  made = { from, cards };
  return cards;
}

import {
  type LectureEntry,
  lecturesNewestFirst,
  lectureUrl,
  type NewsEntry,
  newsNewestFirst,
  newsUrl,
  type ReliefBatchEntry,
  reliefBatchesNewestFirst,
  reliefBatchUrl,
  type TrainingEntry,
  trainingsNewestFirst,
  trainingUrl,
} from './collections.ts';
import { chinaDate, formatChineseDate, formatChineseDateRange, formatChineseDateTime } from './dates.ts';
import { batchName } from './relief.ts';

/** What a list shows of any document: one shape, so every list looks and reads the same. */
export interface Card {
  title: string;
  href: string;
  datetime: string;
  dateText: string;
  summary: string | null;
  tags: string[];
}

export const newsCard = (entry: NewsEntry): Card => ({
  title: entry.data.title,
  href: newsUrl(entry),
  datetime: entry.data.date,
  dateText: formatChineseDate(entry.data.date),
  summary: entry.data.summary,
  tags: entry.data.category ? [entry.data.category.name] : [],
});

export const trainingCard = (entry: TrainingEntry): Card => ({
  title: entry.data.title,
  href: trainingUrl(entry),
  datetime: entry.data.startDate,
  dateText: formatChineseDateRange(entry.data.startDate, entry.data.endDate),
  summary: entry.data.summary,
  tags: ['培训', entry.data.venue],
});

export const lectureCard = (entry: LectureEntry): Card => ({
  title: entry.data.title,
  href: lectureUrl(entry),
  datetime: entry.data.startsAt,
  dateText: formatChineseDateTime(entry.data.startsAt),
  summary: entry.data.summary,
  tags: ['讲座', ...(entry.data.series ? [entry.data.series.name] : [])],
});

/** The calendar day a card sorts and files under (Beijing time for lectures). */
export function cardDay(card: Card): string {
  return card.datetime.length === 10 ? card.datetime : chinaDate(card.datetime);
}

export const reliefCard = (entry: ReliefBatchEntry): Card => ({
  title: entry.data.title,
  href: reliefBatchUrl(entry),
  datetime: entry.data.disbursementDate,
  dateText: formatChineseDate(entry.data.disbursementDate),
  summary: entry.data.summary,
  tags: ['救助', batchName(entry.data.year, entry.data.batchNumber)],
});

const collator = new Intl.Collator('zh-CN');

/** Everything the site publishes, as cards, newest first: the archive's material. */
export async function allCards(): Promise<Card[]> {
  const cards = [
    ...(await newsNewestFirst()).map(newsCard),
    ...(await trainingsNewestFirst()).map(trainingCard),
    ...(await lecturesNewestFirst()).map(lectureCard),
    ...(await reliefBatchesNewestFirst()).map(reliefCard),
  ];
  // Each card's day is worked out once, not once per comparison.
  const days = new Map(cards.map((card) => [card, cardDay(card)]));
  const day = (card: Card) => days.get(card) as string;
  return cards.sort((a, b) => day(b).localeCompare(day(a)) || collator.compare(a.title, b.title));
}

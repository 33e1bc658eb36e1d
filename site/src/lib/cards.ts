import { chinaDate } from './dates.ts';

/**
 * What a list shows of any document: one shape, so every list looks and reads the same. Each
 * section makes its own (sections/*.ts, `card`).
 */
export interface Card {
  title: string;
  href: string;
  datetime: string;
  dateText: string;
  summary: string | null;
  tags: string[];
}

/** The calendar day a card sorts and files under (Beijing time for lectures). */
export function cardDay(card: Card): string {
  return card.datetime.length === 10 ? card.datetime : chinaDate(card.datetime);
}

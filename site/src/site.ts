/** How many news items a list page shows. */
export const NEWS_PER_PAGE = 10;

// Enquiry phones as editors type them: one field, possibly several numbers. Shared by the
// training and lecture pages, their feed items and the calendar, so all three link the same
// numbers the same way.

/** Several numbers may be given, separated by 、, commas, semicolons or a slash: one entry each. */
export function phoneNumbers(text: string): string[] {
  return text
    .split(/[、,，;；/]+/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** A tap-to-call address: digits and a leading + only (RFC 3966 allows the rest, dialers do not all). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

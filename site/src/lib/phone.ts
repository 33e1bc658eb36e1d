/** Several numbers may be given, separated by 、 or commas: each becomes its own tap-to-call link. */
export const phoneNumbers = (text: string): string[] =>
  text
    .split(/[、,，;；/]+/)
    .map((p) => p.trim())
    .filter(Boolean);

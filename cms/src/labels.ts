import { COMPONENTS, CONTENT_TYPES } from '@fulian/shared-types/model';

/**
 * What editors read in the admin: the Chinese label and help text of every field, by
 * content type or component, as the content model (shared-types/src/model) declares them.
 * Validation messages name fields by these same labels.
 */
/** The one name of an image's alt text: the media dialog's label and every save error use it. */
export const ALT_TEXT = '替代文字';

export type FieldLabels = Record<string, [label: string, help: string]>;

export const LABELS: Record<string, FieldLabels> = Object.fromEntries(
  [...CONTENT_TYPES, ...COMPONENTS].map((type) => [
    type.uid,
    Object.fromEntries(Object.entries(type.fields).map(([name, field]) => [name, [field.label, field.help]])),
  ]),
);

/** A field's Chinese label, for messages; the attribute name if none is set. */
export function labelOf(uid: string, field: string): string {
  return LABELS[uid]?.[field]?.[0] ?? field;
}

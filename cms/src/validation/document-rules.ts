import { CONTENT_TYPES, reliefBatch, training } from '@fulian/shared-types/model';
import { BREAKDOWNS, checkBreakdown } from '@fulian/shared-types/rules';
import type { Core } from '@strapi/strapi';
import { ALT_TEXT, labelOf } from '../labels';
import { asInteger, isBlank, isCalendarDate, type Problem } from './attribute-checks';

type Data = Record<string, unknown>;
type Rule = (strapi: Core.Strapi, data: Data) => Promise<Problem[]> | Problem[];

const TRAINING = training.uid;
const RELIEF_BATCH = reliefBatch.uid;

/** A relation value as merged by register.ts (an id, a document, or a list), linked or not. */
export function hasRelation(value: unknown): boolean {
  if (isBlank(value)) return false;
  return Array.isArray(value) ? value.length > 0 : true;
}

const trainingDates: Rule = (_strapi, data) => {
  const { startDate, endDate } = data;
  if (typeof startDate !== 'string' || typeof endDate !== 'string') return [];
  if (!isCalendarDate(startDate) || !isCalendarDate(endDate) || endDate >= startDate) return [];
  return [
    {
      path: ['endDate'],
      message: `“${labelOf(TRAINING, 'endDate')}”（${endDate}）不能早于“${labelOf(TRAINING, 'startDate')}”（${startDate}）`,
    },
  ];
};

/**
 * Each breakdown adds up to the number of recipients, names each category once, and holds
 * categories rather than people (the rules package says how; this names the fields).
 */
const reliefBreakdowns: Rule = (_strapi, data) => {
  const problems: Problem[] = [];
  const recipients = asInteger(data.recipientCount);
  for (const field of BREAKDOWNS) {
    const rows = Array.isArray(data[field]) ? (data[field] as { label?: unknown; count?: unknown }[]) : [];
    for (const issue of checkBreakdown(field, rows, recipients, labelOf(RELIEF_BATCH, 'recipientCount'))) {
      problems.push({ path: issue.kind === 'sum' ? [field] : [field, issue.index, 'label'], message: issue.message });
    }
  }
  return problems;
};

/** A cover must carry alt text: screen-reader users are told what the picture shows. */
function coverAltText(uid: string): Rule {
  return async (strapi, data) => {
    const cover = data.cover;
    if (isBlank(cover)) return [];
    const file =
      typeof cover === 'object' && cover !== null && 'alternativeText' in cover
        ? (cover as { name?: string; alternativeText?: string | null })
        : await strapi.db.query('plugin::upload.file').findOne({
            where: typeof cover === 'object' ? { id: (cover as { id?: number }).id } : { id: cover },
            select: ['name', 'alternativeText'],
          });
    if (!file) return [{ path: ['cover'], message: `“${labelOf(uid, 'cover')}”所选的文件不存在` }];
    if (isBlank(file.alternativeText)) {
      return [
        {
          path: ['cover'],
          message: `“${labelOf(uid, 'cover')}”（${file.name ?? '图片'}）缺少${ALT_TEXT}：请在媒体库中为它填写“${ALT_TEXT}”，描述图片内容`,
        },
      ];
    }
    return [];
  };
}

/** A relation the model marks required (Strapi cannot): 请选择“救助项目”. */
function requiredRelations(uid: string, fields: string[]): Rule {
  return (_strapi, data) =>
    fields
      .filter((field) => !hasRelation(data[field]))
      .map((field) => ({ path: [field], message: `请选择“${labelOf(uid, field)}”` }));
}

/** Rules beyond single attributes, per content type: what the model declares, plus the cross-field rules. */
const CROSS_FIELD_RULES: Record<string, Rule[]> = {
  [TRAINING]: [trainingDates],
  [RELIEF_BATCH]: [reliefBreakdowns],
};

export const DOCUMENT_RULES: Record<string, Rule[]> = Object.fromEntries(
  CONTENT_TYPES.map((type) => {
    const fields = Object.entries(type.fields);
    const relations = fields.filter(([, f]) => f.type === 'relation' && f.required).map(([name]) => name);
    const rules: Rule[] = [...(CROSS_FIELD_RULES[type.uid] ?? [])];
    if (relations.length > 0) rules.push(requiredRelations(type.uid, relations));
    if (fields.some(([name, f]) => name === 'cover' && f.type === 'media')) rules.push(coverAltText(type.uid));
    return [type.uid, rules];
  }),
);

import type { Core } from '@strapi/strapi';
import { ALT_TEXT, labelOf } from '../labels';
import { asInteger, isBlank, isCalendarDate, type Problem } from './attribute-checks';

type Data = Record<string, unknown>;
type Rule = (strapi: Core.Strapi, data: Data) => Promise<Problem[]> | Problem[];

const TRAINING = 'api::training.training';
const RELIEF_BATCH = 'api::relief-batch.relief-batch';
const BREAKDOWNS = ['byDistrict', 'byAgeBand', 'byCancerType'] as const;

/** A relation value as merged by register.ts (an id, a document, or a list), linked or not. */
export function hasRelation(value: unknown): boolean {
  if (isBlank(value)) return false;
  return Array.isArray(value) ? value.length > 0 : true;
}

/** Digits that look like an ID card or phone number: breakdowns hold categories only. */
const PERSONAL_NUMBER = /\d{11,}|\d{17}[\dXx]/;

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
 * categories rather than people. Only whole, valid counts are summed; bad ones are already
 * reported by the attribute checks.
 */
const reliefBreakdowns: Rule = (_strapi, data) => {
  const problems: Problem[] = [];
  const recipients = asInteger(data.recipientCount);
  const recipientsLabel = labelOf(RELIEF_BATCH, 'recipientCount');
  for (const field of BREAKDOWNS) {
    const name = labelOf(RELIEF_BATCH, field);
    const rows = Array.isArray(data[field]) ? (data[field] as { label?: unknown; count?: unknown }[]) : [];
    const seen = new Set<string>();
    let sum = 0;
    let countable = true;
    rows.forEach((row, index) => {
      const label = typeof row?.label === 'string' ? row.label.trim() : '';
      if (label && seen.has(label)) {
        problems.push({ path: [field, index, 'label'], message: `${name}中“${label}”重复出现，每个类别只能填一次` });
      }
      seen.add(label);
      if (PERSONAL_NUMBER.test(label)) {
        problems.push({
          path: [field, index, 'label'],
          message: `${name}第 ${index + 1} 项的类别“${label}”像是身份证号或电话号码：分布中只填类别名称，不得填写个人信息`,
        });
      }
      const count = asInteger(row?.count);
      if (count === undefined || count < 0) countable = false;
      else sum += count;
    });
    if (recipients !== undefined && recipients >= 0 && countable && sum !== recipients) {
      problems.push({ path: [field], message: `${name}合计 ${sum} 人，与${recipientsLabel} ${recipients} 人不符` });
    }
  }
  if (!hasRelation(data.programme)) {
    problems.push({ path: ['programme'], message: `请选择“${labelOf(RELIEF_BATCH, 'programme')}”` });
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

/** Rules that span fields or look beyond the document, per content type. */
export const DOCUMENT_RULES: Record<string, Rule[]> = {
  'api::news.news': [coverAltText('api::news.news')],
  [TRAINING]: [trainingDates, coverAltText(TRAINING)],
  'api::lecture.lecture': [coverAltText('api::lecture.lecture')],
  [RELIEF_BATCH]: [reliefBreakdowns],
};

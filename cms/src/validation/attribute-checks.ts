import { fieldOf } from '@fulian/shared-types/model';
import { asCount, SLUG_HINT } from '@fulian/shared-types/rules';
import type { Core } from '@strapi/strapi';
import { labelOf } from '../labels';
import { isSafeUrl, isUrlField, SAFE_URL_HINT } from './url-safety';

export interface Problem {
  path: (string | number)[];
  message: string;
}

export interface Attribute {
  type: string;
  required?: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
  regex?: string;
  enum?: string[];
  component?: string;
  repeatable?: boolean;
  allowedTypes?: string[];
  targetField?: string;
}

/** What a field holds when it holds nothing, whatever route the value came by. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A whole number from a JSON number or a numeric string; undefined for anything else. */
export const asInteger = asCount;

/** What a field's pattern stands for, said the way an editor would need to hear it (the model says). */
function formatHint(uid: string, name: string): string {
  const field = fieldOf(uid, name);
  if (field?.type === 'uid') return SLUG_HINT;
  return (field && 'patternHint' in field ? field.patternHint : undefined) ?? '请检查填写的内容';
}

/**
 * Checks a document's (or component's) values against the rules its schema states —
 * required, whole numbers and their bounds, lengths, formats, enumerations — with messages
 * in Chinese that name the field as the admin labels it. The schema stays the one source.
 */
export function checkAttributes(
  strapi: Core.Strapi,
  uid: string,
  data: Record<string, unknown>,
  path: (string | number)[] = [],
  where = '',
): Problem[] {
  const schema = (strapi.contentTypes[uid as never] ?? strapi.components[uid as never]) as
    | { attributes: Record<string, Attribute> }
    | undefined;
  if (!schema) return [];
  const problems: Problem[] = [];
  for (const [name, attribute] of Object.entries(schema.attributes)) {
    const value = data[name];
    const field = `${where}“${labelOf(uid, name)}”`;
    const at = [...path, name];
    const problem = (message: string) => problems.push({ path: at, message });
    if (isBlank(value)) {
      // A slug is spelled from its source field when left empty; only a blank source is news.
      const derived = attribute.type === 'uid' && attribute.targetField !== undefined;
      if (attribute.required && !derived && !['relation', 'media', 'component'].includes(attribute.type)) {
        problem(`${field}为必填项`);
      }
      continue;
    }
    switch (attribute.type) {
      case 'string':
      case 'text':
      case 'richtext':
      case 'uid':
      case 'email': {
        if (typeof value !== 'string') {
          problem(`${field}应为文字`);
          break;
        }
        const length = [...value].length;
        if (attribute.maxLength && length > attribute.maxLength) {
          problem(`${field}最多 ${attribute.maxLength} 个字，现有 ${length} 个字`);
        }
        if (isUrlField(uid, name) && !isSafeUrl(value)) problem(`${field}${SAFE_URL_HINT}，收到“${value}”`);
        if (attribute.regex && !new RegExp(attribute.regex).test(value)) {
          problem(`${field}格式不正确：${formatHint(uid, name)}，收到“${value}”`);
        }
        break;
      }
      case 'integer': {
        const n = asInteger(value);
        if (n === undefined) problem(`${field}必须是整数，收到 ${JSON.stringify(value)}`);
        else if (attribute.min !== undefined && n < attribute.min) problem(`${field}不能小于 ${attribute.min}，收到 ${n}`);
        else if (attribute.max !== undefined && n > attribute.max) problem(`${field}不能大于 ${attribute.max}，收到 ${n}`);
        break;
      }
      case 'date':
        if (typeof value !== 'string' || !isCalendarDate(value)) {
          problem(`${field}应为日期，如 2018-04-16，收到 ${JSON.stringify(value)}`);
        }
        break;
      case 'datetime':
        if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
          problem(`${field}应为日期和时间，如 2018-04-24T09:00:00+08:00，收到 ${JSON.stringify(value)}`);
        }
        break;
      case 'enumeration':
        if (!attribute.enum?.includes(value as string)) {
          problem(`${field}只能是 ${attribute.enum?.join('、')} 之一，收到“${String(value)}”`);
        }
        break;
      case 'component': {
        if (!attribute.component) break;
        const items = attribute.repeatable ? value : [value];
        if (!Array.isArray(items)) {
          problem(`${field}应为列表`);
          break;
        }
        items.forEach((item, index) => {
          if (item && typeof item === 'object') {
            const itemWhere = attribute.repeatable ? `${field}第 ${index + 1} 项的` : `${field}的`;
            const itemPath = attribute.repeatable ? [...at, index] : at;
            problems.push(
              ...checkAttributes(strapi, attribute.component as string, item as Record<string, unknown>, itemPath, itemWhere),
            );
          }
        });
        break;
      }
      default:
        break;
    }
  }
  return problems;
}

export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

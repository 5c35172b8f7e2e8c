/** Label strings of training and evaluation rows: one category, or several joined by `|`. */
import { categories, type Category } from '../core/domain.js';
import { BadInputError } from '../core/errors.js';

const known = new Set<string>(categories);

/** Raw site types that are not category names themselves (shared data README). */
const aliases: Record<string, Category> = {
  咨询问题: '咨询',
  建言: '建议',
  举报: '投诉',
  表扬: '其他',
  感谢: '其他',
};

/** True when `label` names at least one category and nothing else. */
export function isValidLabel(label: string): boolean {
  const parts = label.split('|').map((p) => p.trim());
  return parts.length > 0 && parts.every((p) => known.has(p) || p in aliases);
}

/** The categories a label allows, in the canonical order; throws BadInputError when unknown. */
export function parseLabel(label: string): Category[] {
  const out = new Set<Category>();
  for (const raw of label.split('|')) {
    const part = raw.trim();
    const category = known.has(part) ? (part as Category) : aliases[part];
    if (!category) throw new BadInputError(`未知的类别标签“${label}”：应为 ${categories.join('、')} 之一，或用“|”连接的几个`);
    out.add(category);
  }
  return categories.filter((c) => out.has(c));
}

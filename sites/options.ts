/** Validation of SiteOptions in one place (house style 1): contradictory or malformed options throw. */
import { z } from 'zod';
import { BadInputError } from '../core/index.js';
import { siteShapes, type SiteOptions } from './types.js';

const messageSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  content: z.string(),
  author: z.string().optional(),
  postedAt: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, '时间格式应为 YYYY-MM-DD HH:mm:ss'),
  type: z.string(),
  status: z.string(),
  unit: z.string().optional(),
  replyText: z.string().optional(),
  replyAt: z.string().optional(),
  district: z.string().optional(),
  forwardNo: z.string().optional(),
  originLevel: z.enum(['province', 'city']).optional(),
  upperDeadline: z.string().optional(),
});

const optionsSchema = z.object({
  shape: z.enum(siteShapes as [string, ...string[]]),
  messages: z.array(messageSchema).optional(),
  pageSize: z.number().int().min(1).max(500).optional(),
  requireWarmupCookie: z.boolean().optional(),
  title: z.string().optional(),
  host: z.string().optional(),
  port: z.number().int().min(0).max(65535).optional(),
  seed: z.number().int().optional(),
});

/** Throws BadInputError (Chinese message) on malformed options or duplicate message ids. */
export function validateSiteOptions(options: SiteOptions & { seed?: number }): void {
  const result = optionsSchema.safeParse(options);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new BadInputError(`站点参数无效：${first ? `${first.path.join('.')} ${first.message}` : '未知错误'}`, { cause: result.error });
  }
  const ids = new Set<string>();
  for (const m of options.messages ?? []) {
    if (ids.has(m.id)) throw new BadInputError(`站点参数无效：信件编号重复 ${m.id}`);
    ids.add(m.id);
  }
}

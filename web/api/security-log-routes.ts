/**
 * 安全审计 (admin only): GET /api/console/security-log lists sign-ins, refused sign-ins, lockouts,
 * sign-outs, account changes and exports, newest first, paged, filtered by account, kind and
 * Beijing date (workflow/audit/list-security-log.ts). Other roles get 403 before their query is
 * read.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError, reversedPeriodMessage } from '../../core/index.js';
import type { Store } from '../../workflow/index.js';
import { listSecurityLog, securityLogKinds } from '../../workflow/audit/index.js';
import { requireRole } from '../../workflow/users/index.js';
import { actorOf, isoDate, optional, parseInput } from './request-input.js';

const securityLogQuery = z.object({
  account: optional(z.string().max(40)),
  recordKind: optional(z.enum(securityLogKinds)),
  from: optional(isoDate),
  to: optional(isoDate),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export async function securityLogRoutes(app: FastifyInstance, options: { store: Store }): Promise<void> {
  const db = options.store.db;
  app.get('/api/console/security-log', async (request) => {
    const actor = actorOf(request);
    requireRole(actor, ['admin']);
    const q = parseInput(securityLogQuery, request.query);
    if (q.from && q.to && q.from > q.to) throw new AppError('BAD_INPUT', reversedPeriodMessage(q.from, q.to));
    return listSecurityLog(db, { actor, filter: { account: q.account, kind: q.recordKind, from: q.from, to: q.to, limit: q.limit, offset: q.offset } });
  });
}

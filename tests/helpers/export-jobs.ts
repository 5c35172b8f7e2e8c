/** What the console export-job suites share: two office accounts and three messages, a signed-in client, waiting for a job. */
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { createWebServer } from '../../web/index.js';
import { ensureSource, recordMessage, registerMessage, type Db } from '../../workflow/index.js';
import { createUser, type Actor } from '../../workflow/users/index.js';

/** A plain 投诉 suggestion with no unit, as the export tests register their messages. */
export const complaintSuggestion = {
  category: '投诉',
  confidence: 0.9,
  probabilities: { 咨询: 0.025, 建议: 0.025, 投诉: 0.9, 求助: 0.025, 其他: 0.025 },
  explanation: [],
  outOfScope: { flagged: false, reasons: [] },
  complexity: { value: 'simple', confidence: 0.7, evidence: [] },
  urgency: { value: 'normal', confidence: 0.9, evidence: [] },
  unit: { value: null, confidence: 0.6, evidence: [] },
  modelVersion: 'test-1',
} as never;

export const password = 'export-jobs-pass-2026';

/** Two accounts of the same office role and three classified messages. */
export async function seed(db: Db): Promise<Record<'egov' | 'office', Actor>> {
  const actors: Record<string, Actor> = {};
  for (const a of [
    { username: 'egov', displayName: '电子政务中心 王敏', role: 'egov_centre' as const },
    { username: 'office', displayName: '区政府办 李强', role: 'gov_office' as const },
  ]) {
    const u = await createUser(db, { ...a, password });
    actors[a.username] = { userId: u.id, username: u.username, role: u.role };
  }
  await ensureSource(db, { id: 'src-district', name: '印台区区长信箱', channel: 'district_mailbox' });
  for (const [i, title] of ['路灯不亮', '咨询医保', '小区噪音'].entries()) {
    const recorded = await recordMessage(db, {
      sourceId: 'src-district',
      channel: 'district_mailbox',
      siteId: `m-${i}-${randomBytes(3).toString('hex')}`,
      title,
      content: `${title}，请联系13812345678。`,
      author: '张建国',
      postedAt: new Date(Date.now() - (10 - i) * 60_000).toISOString(),
      fetchedAt: new Date().toISOString(),
    });
    await registerMessage(db, {
      messageId: recorded.messageId,
      classification: complaintSuggestion,
    });
  }
  return actors as Record<'egov' | 'office', Actor>;
}

export type Options = Omit<Parameters<typeof createWebServer>[0], 'store' | 'logger'>;

/** A signed-in client of one app instance: cookies and CSRF token, through fastify's inject. */
export async function signIn(app: FastifyInstance, username: string) {
  const res = await app.inject({ method: 'POST', url: '/api/session/login', payload: { username, password } });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return {
    get: (url: string) => app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie, 'x-csrf-token': csrf } }),
  };
}
export type Client = Awaited<ReturnType<typeof signIn>>;

export interface JobAnswer {
  id: string;
  status: string;
  rows: number;
  total: number;
  error: string | null;
  fileName: string;
}

export async function waitFinished(client: Client, id: string): Promise<JobAnswer> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await client.get(`/api/exports/${id}`);
    expect(res.statusCode).toBe(200);
    const job = res.json() as JobAnswer;
    if (job.status !== 'running' || Date.now() > deadline) return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const exists = (file: string) => stat(file).then(
  () => true,
  () => false,
);

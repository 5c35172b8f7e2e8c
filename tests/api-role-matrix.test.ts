/**
 * The HTTP API's role matrix, against a real server with real sessions on PostgreSQL: every route
 * the server registers (the list is read from the server, so a new route without a row fails) is
 * called by every caller (signed out, admin, the centre, 区政府办, the leader, 督查室, a lead unit, an
 * assisting unit, a unit on no case), and
 * - a caller the row lets through is not refused (401/403/404); any other staff caller gets 403 (its
 *   role) or 404 (a case not in its hands); signed out, 401;
 * - no answer holds what its caller may not read: another unit's case (title, writer, writer's
 *   phone), an assisting unit the lead's internal records (拟办意见, 延期理由, 督办记录, 回访记录),
 *   the offices but 督查室 a 协办意见's text, a unit a hot-issue group's label;
 * - no answer is a 500, and no refusal carries a stack trace or SQL;
 * - every state-changing request without the session's CSRF token (or with a wrong one) is refused
 *   (403) for every role, before its handler runs.
 * The rows and why each caller is let through: tests/helpers/role-matrix-routes.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callers, marks, openRoleMatrixFixture, type Caller, type RoleMatrixFixture, type Session } from './helpers/role-matrix-fixture.js';
import { checkedApart, routeRows, type RouteRow } from './helpers/role-matrix-routes.js';

let f: RoleMatrixFixture;
let ids: Parameters<RouteRow['url']>[0];

beforeAll(async () => {
  f = await openRoleMatrixFixture();
  const ledgerW = (await f.console.store.db.case.findUniqueOrThrow({ where: { id: f.ids.W } })).ledgerNo;
  ids = { ...f.ids, ledgerW };
}, 180_000);

afterAll(async () => {
  await f?.close();
});

const valuesOf = (o: Record<string, string>) => Object.values(o);
const unitCase = { A: valuesOf(marks.A), B: valuesOf(marks.B), C: valuesOf(marks.C), W: valuesOf(marks.W), Q: valuesOf(marks.Q) };
const internal = [...valuesOf(marks.aInternal), ...valuesOf(marks.cInternal)];
/** What each caller may find in no answer at all. */
const hiddenFrom: Record<Caller, readonly string[]> = {
  anon: [...unitCase.A, ...unitCase.B, ...unitCase.C, ...unitCase.W, ...unitCase.Q, ...internal, marks.assistOpinion, marks.hotIssue],
  admin: [marks.assistOpinion],
  egov: [marks.assistOpinion],
  office: [marks.assistOpinion],
  leader: [marks.assistOpinion],
  duchashi: [],
  roads: [...unitCase.W, ...unitCase.Q, marks.hotIssue],
  water: [...unitCase.B, ...unitCase.Q, ...internal, marks.hotIssue],
  housing: [...unitCase.A, ...unitCase.B, ...unitCase.C, ...unitCase.W, ...unitCase.Q, ...internal, marks.assistOpinion, marks.hotIssue],
};

/** What a refusal may never show: a stack frame, the ORM, SQL. */
const internals = [/\bat .+\.(ts|js):\d+/, /prisma/i, /\b(SELECT|INSERT|UPDATE|DELETE)\b.+\b(FROM|INTO|SET)\b/, /syntax error/i, /node_modules/];

async function send(row: RouteRow, session: Session | undefined, csrf: 'right' | 'missing' | 'wrong' = 'right'): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {};
  if (session) headers.cookie = session.cookie;
  if (row.method === 'POST') {
    headers['content-type'] = 'application/json';
    if (session && csrf !== 'missing') headers['x-csrf-token'] = csrf === 'right' ? session.csrf : `${session.csrf.slice(0, -2)}xx`;
  }
  const res = await fetch(f.base + row.url(ids), { method: row.method, headers, ...(row.method === 'POST' ? { body: JSON.stringify(row.body?.(ids) ?? {}) } : {}) });
  const buffer = Buffer.from(await res.arrayBuffer());
  // XLSX answers are zip files: their sheets are read as text after inflating is not needed for
  // markers of refusals; a let-through XLSX is checked by the bulletin's own tests.
  return { status: res.status, text: buffer.toString('utf8') };
}

/** What is wrong with one caller's answer on one row (empty: as the matrix says). */
function judge(row: RouteRow, caller: Caller, status: number, text: string): string[] {
  const problems: string[] = [];
  const allowed = row.allow === 'public' || (caller !== 'anon' && row.allow.includes(caller));
  const okAlso = row.okAlso ?? [];
  if (status >= 500 && !(allowed && okAlso.includes(status))) problems.push(`HTTP ${status}`);
  else if (caller === 'anon' && row.allow !== 'public') {
    if (status !== 401) problems.push(`signed out: HTTP ${status}, expected 401`);
  } else if (allowed) {
    if ([401, 403, 404].includes(status) && !okAlso.includes(status)) problems.push(`let through expected, got HTTP ${status}: ${text.slice(0, 120)}`);
  } else if (okAlso.includes(404) ? status !== 403 : status !== 403 && status !== 404) problems.push(`refusal expected, got HTTP ${status}`);
  if (status >= 400 && internals.some((re) => re.test(text))) problems.push(`refusal shows internals: ${text.slice(0, 200)}`);
  for (const mark of hiddenFrom[caller]) if (text.includes(mark)) problems.push(`answer holds 「${mark}」`);
  return problems;
}

const sessionOf = (caller: Caller) => (caller === 'anon' ? undefined : f.sessions[caller]);

describe('the API role matrix', () => {
  it('has a row for every route the server registers', () => {
    const registered = new Set<string>();
    // printRoutes({ commonPrefix: false }) nests each route under its parent path: rebuilt from the indentation.
    const stack: string[] = [];
    for (const line of f.app.printRoutes({ commonPrefix: false }).split('\n')) {
      const match = /^([\s│]*)[└├]── (\S*)(?: \(([^)]*)\))?/.exec(line);
      if (!match) continue;
      const depth = match[1]!.length / 4;
      stack.length = depth;
      // A wildcard is printed without the slash before it (`/admin/queues` › `*` is `/admin/queues/*`).
      stack.push(match[2] === '*' ? '/*' : match[2]!);
      const route = stack.join('').replace(/\/+/g, '/');
      for (const method of (match[3] ?? '').split(', ').filter((m) => m && m !== 'HEAD' && m !== 'OPTIONS')) {
        if (route.startsWith('/api/') || route.startsWith('/admin/')) registered.add(`${method} ${route}`);
      }
    }
    const covered = new Set([...routeRows.map((r) => `${r.method} ${r.route}`), ...checkedApart.keys()]);
    expect(registered.size).toBeGreaterThan(100);
    expect([...registered].filter((r) => !covered.has(r)).sort()).toEqual([]);
    expect([...covered].filter((r) => !registered.has(r)).sort()).toEqual([]);
  });

  it('lets through exactly the callers each row names, and no answer holds what its caller may not read', async () => {
    const failures: string[] = [];
    // Every marker is read somewhere by a caller who may: so its absence elsewhere means something.
    const everyMark = new Set(hiddenFrom.anon);
    const seen = new Set<string>();
    let checked = 0;
    for (const row of routeRows) {
      for (const caller of row.only ?? callers) {
        const { status, text } = await send(row, sessionOf(caller));
        checked += 1;
        for (const mark of everyMark) if (text.includes(mark)) seen.add(mark);
        for (const problem of judge(row, caller, status, text)) failures.push(`${row.method} ${row.url(ids)} as ${caller}: ${problem}`);
      }
    }
    expect(checked).toBe(routeRows.reduce((n, row) => n + (row.only ?? callers).length, 0));
    expect(failures).toEqual([]);
    expect([...everyMark].filter((mark) => !seen.has(mark))).toEqual([]);
  }, 300_000);

  it('refuses every state-changing request without the session CSRF token, for every role', async () => {
    const failures: string[] = [];
    for (const row of routeRows.filter((r) => r.method === 'POST')) {
      for (const caller of (row.only ?? callers).filter((c) => c !== 'anon')) {
        for (const csrf of ['missing', 'wrong'] as const) {
          const { status, text } = await send(row, sessionOf(caller), csrf);
          if (status !== 403 || !text.includes('CSRF')) failures.push(`${row.method} ${row.url(ids)} as ${caller}, token ${csrf}: HTTP ${status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('finds nothing of another unit by search: its writers, their phones, its titles', async () => {
    const foreign: Record<'roads' | 'water' | 'housing', string[]> = {
      roads: [marks.W.writer, marks.W.phone, marks.Q.writer, marks.Q.title],
      water: [marks.B.writer, marks.B.phone, marks.B.title, marks.Q.writer],
      housing: [marks.A.writer, marks.A.phone, marks.B.title, marks.W.writer, marks.Q.phone],
    };
    for (const [unit, terms] of Object.entries(foreign) as [keyof typeof foreign, string[]][]) {
      for (const term of terms) {
        for (const route of ['/api/console/ledger', '/api/workflow/cases']) {
          const res = await fetch(`${f.base}${route}?q=${encodeURIComponent(term)}`, { headers: { cookie: f.sessions[unit].cookie } });
          expect({ unit, term, route, answer: (await res.json()) as { total: number } }).toMatchObject({ answer: { total: 0 } });
        }
      }
    }
  });

  it('refuses malformed input (a NUL character, a malformed id) with 400 or 404, never a 500 or the database error', async () => {
    const roads = f.sessions.roads;
    const requests: [string, string, unknown?][] = [
      ['GET', '/api/workflow/cases/%00'],
      ['GET', `/api/workflow/cases/${ids.B}%00`],
      ['GET', '/api/console/ledger?q=%00'],
      ['GET', `/api/exports/${ids.exportOfRoads}%00`],
      ['POST', '/api/workflow/review/check', { text: '已办理', caseId: 'YT\u0000' }],
      ['POST', `/api/workflow/cases/${ids.B}/extension`, { progress: '办理\u0000中', reason: '需协调', days: 3 }],
      ['POST', '/api/exports', { format: 'json', filter: { channel: 'x\u0000' } }],
    ];
    for (const [method, url, body] of requests) {
      const res = await fetch(f.base + url, {
        method,
        headers: { cookie: roads.cookie, 'x-csrf-token': roads.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
        // JSON.stringify writes a NUL as the escape \u0000, which the server's parser turns back into one.
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      expect({ method, url, status: res.status }).toMatchObject({ status: expect.toSatisfy((s: number) => s === 400 || s === 404) });
      expect(internals.filter((re) => re.test(text))).toEqual([]);
    }
  });

  it('signs in and out: a wrong password or name is 401 alike, and sign-out ends only the session it came with', async () => {
    for (const body of [{ username: 'roads', password: 'wrong-password-1' }, { username: 'nobody', password: 'wrong-password-1' }]) {
      const res = await fetch(`${f.base}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe('用户名或密码错误');
    }
    const anon = await fetch(`${f.base}/api/session/logout`, { method: 'POST' });
    expect(anon.status).toBe(401);
    for (const username of ['admin', 'roads', 'water', 'housing']) {
      const session = await f.signIn(username);
      const out = await fetch(`${f.base}/api/session/logout`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });
      expect(out.status).toBe(200);
      expect((await fetch(`${f.base}/api/workflow/me`, { headers: { cookie: session.cookie } })).status).toBe(401);
    }
    // The matrix's own sessions of the same accounts are still signed in.
    expect((await fetch(`${f.base}/api/workflow/me`, { headers: { cookie: f.sessions.roads.cookie } })).status).toBe(200);
  });
});

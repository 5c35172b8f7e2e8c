/**
 * The role matrix of the HTTP API (tests/api-role-matrix.test.ts): every route the web server
 * registers, with a request to send and the callers it lets through, as the measures and
 * workflow/README.md give them (a step's roles: workflow/cases/state-machine.ts's table, written
 * out here by hand so a change there shows up as a failing row). A caller not let through gets 403
 * (its role) or 404 (a case not in its hands); signed out, 401.
 *
 * Requests are built so that a caller let through changes nothing: a step is sent to a case in a
 * state where it is refused (409), an entry with a body the use case refuses (400), the admin's
 * account routes to the spare account. `okAlso`: statuses a caller let through may get here besides
 * 2xx and 400/409/422 (e.g. 404 for a backup that does not exist); a caller not let through must
 * then get 403, since 404 would not tell the two apart.
 */
import type { Caller, RoleMatrixFixture } from './role-matrix-fixture.js';

type Ids = RoleMatrixFixture['ids'] & { ledgerW: string };

export interface RouteRow {
  method: 'GET' | 'POST';
  /** The route as the server registers it. */
  route: string;
  url: (ids: Ids) => string;
  body?: (ids: Ids) => unknown;
  /** Callers let through; 'public': every caller, signed out too. */
  allow: readonly Caller[] | 'public';
  okAlso?: readonly number[];
  /** Sent as these callers only (a step the others would take for real). @default every caller */
  only?: readonly Caller[];
}

const offices = ['admin', 'egov', 'office', 'leader', 'duchashi'] as const;
const staff = [...offices, 'roads', 'water', 'housing'] as const;
const none: readonly Caller[] = [];
const today = new Date().toISOString().slice(0, 10);
const period = { from: '2020-01-01', to: today };
const uuid = '00000000-0000-4000-8000-000000000000';

const get = (route: string, allow: RouteRow['allow'], url: RouteRow['url'] = () => route, okAlso?: number[]): RouteRow => ({ method: 'GET', route, url, allow, ...(okAlso ? { okAlso } : {}) });
const post = (route: string, allow: RouteRow['allow'], body: RouteRow['body'] = () => ({}), url: RouteRow['url'] = () => route, okAlso?: number[]): RouteRow => ({ method: 'POST', route, url, body, allow, ...(okAlso ? { okAlso } : {}) });

/**
 * A step on one case. `on`: the case sent to, chosen so that the callers let through are refused
 * by the case's state: Q (待审核分类) for every step but 登记/不予受理 (sent to B, 已回复) and the
 * unit's own steps (sent to B, which only roads leads; A for 协办意见, which water gave already).
 */
const step = (name: string, allow: readonly Caller[], body: unknown, on: 'A' | 'B' | 'Q' = 'Q'): RouteRow =>
  post(`/api/workflow/cases/:id/${name}`, allow, (ids) => (typeof body === 'function' ? (body as (i: Ids) => unknown)(ids) : body), (ids) => `/api/workflow/cases/${ids[on]}/${name}`);

/** Routes only `minsheng` on this machine may use (the local token): every console session is refused. */
const localOnly = [
  'archives', 'proposals/cases', 'proposals', 'cases/copies', 'cases/show', 'cases/split', 'cases/merge', 'cases/visit', 'visits/awaiting',
  'cases/proposal-decision', 'cases/assign', 'cases/report', 'cases/report-review', 'cases/review-queue', 'cases/register', 'cases/not-accepted',
  'cases/accept-suggestions', 'cases/reply-decision', 'cases/publish', 'cases/extension', 'cases/extension-decision', 'cases/assist-opinion',
  'cases/return', 'cases/reply-return', 'users/reset-password', 'messages',
].map((p) => post(`/api/cli/${p}`, none, () => ({ as: 'egov' })));

export const routeRows: RouteRow[] = [
  // Session and health.
  get('/api/session', 'public'),
  get('/api/health', 'public'),
  // The procedure (web/api/workflow-routes.ts).
  get('/api/workflow/meta', staff),
  get('/api/workflow/me', staff),
  get('/api/workflow/units', staff),
  get('/api/workflow/cases', staff),
  get('/api/workflow/cases/:id', [...offices, 'roads', 'water'], (ids) => `/api/workflow/cases/${ids.A}`),
  get('/api/workflow/cases/:id', [...offices, 'roads'], (ids) => `/api/workflow/cases/${ids.B}`),
  get('/api/workflow/cases/:id', [...offices, 'roads', 'water'], (ids) => `/api/workflow/cases/${ids.C}`),
  get('/api/workflow/cases/:id', [...offices, 'water'], (ids) => `/api/workflow/cases/${ids.W}`),
  get('/api/workflow/cases/:id', offices, (ids) => `/api/workflow/cases/${ids.Q}`),
  // A case asked for by its 台账编号 (guessable: YT-2026-000003) as by its id.
  get('/api/workflow/cases/:id', [...offices, 'water'], (ids) => `/api/workflow/cases/${ids.ledgerW}`),
  get('/api/workflow/visits/awaiting', ['egov', 'duchashi']),
  get('/api/workflow/supervision', staff),
  get('/api/workflow/calendar/due', staff, () => `/api/workflow/calendar/due?from=${today}&days=2`),
  get('/api/workflow/calendar/days', staff),
  get('/api/workflow/bulletin', ['duchashi', 'leader', 'admin'], () => `/api/workflow/bulletin?from=${period.from}&to=${period.to}`),
  get('/api/workflow/bulletin.html', ['duchashi', 'leader', 'admin'], () => `/api/workflow/bulletin.html?from=${period.from}&to=${period.to}`),
  get('/api/workflow/bulletin.xlsx', ['duchashi', 'leader', 'admin'], () => `/api/workflow/bulletin.xlsx?from=${period.from}&to=${period.to}`),
  // 《印台政务督查专报》 as reported: the offices (B was never reported upward: 404 for them, 403 for a unit).
  get('/api/workflow/cases/:id/upper-report.html', offices, (ids) => `/api/workflow/cases/${ids.B}/upper-report.html`, [404]),
  get('/api/workflow/cases/:id/upper-report.txt', offices, (ids) => `/api/workflow/cases/${ids.B}/upper-report.txt`, [404]),
  // 网民留言交办单: whoever reads the case, once it is handed to a unit (A: roads leads, water assists; B: roads, replied).
  get('/api/workflow/cases/:id/assignment-sheet.html', [...offices, 'roads', 'water'], (ids) => `/api/workflow/cases/${ids.A}/assignment-sheet.html`),
  get('/api/workflow/cases/:id/assignment-sheet.html', [...offices, 'roads'], (ids) => `/api/workflow/cases/${ids.B}/assignment-sheet.html`),
  // 网民留言办理记录: the offices only (roads leads B; a unit is refused for its role).
  get('/api/workflow/cases/:id/record.html', offices, (ids) => `/api/workflow/cases/${ids.B}/record.html`),
  get('/api/workflow/archive-catalogue.html', ['duchashi', 'admin'], () => '/api/workflow/archive-catalogue.html?volume=2026-投诉'),
  get('/api/workflow/archive-catalogue.xlsx', ['duchashi', 'admin'], () => '/api/workflow/archive-catalogue.xlsx?volume=2026-投诉'),
  get('/api/workflow/users', ['admin']),
  step('register', ['egov', 'duchashi'], { category: '投诉' }, 'B'),
  step('not-accepted', ['egov', 'duchashi', 'office'], { reasons: ['no_substance'], note: '无实质内容' }, 'B'),
  step('reopen', ['egov', 'duchashi', 'office', 'leader'], { note: '重新受理' }),
  step('proposal', ['office'], { unitId: 'u-roads', opinion: '请核实' }),
  step('proposal/decision', ['leader'], { approve: true }),
  step('proposal/withdraw', ['leader'], { note: '撤回' }),
  step('assign', ['office'], {}),
  step('return', ['roads'], { reason: '不属本单位职责' }, 'B'),
  step('extension', ['roads'], { progress: '办理中', reason: '需协调', days: 3 }, 'B'),
  step('extension/decision', ['duchashi'], { approve: false, answer: '不同意' }),
  step('report', ['roads'], { text: '已办理' }, 'B'),
  step('assist-opinion', ['water'], { text: '协办意见' }, 'A'),
  // The assisting unit takes none of the lead's steps on A (nor does anyone else here); roads, the
  // lead, is left out: it would take them.
  ...(['report', 'extension', 'return'] as const).map((name) => ({ ...step(name, [], { text: '已办理', progress: '办理中', reason: '需协调', days: 3 }, 'A'), only: ['anon', ...offices, 'water', 'housing'] as const })),
  step('report/review', ['duchashi'], { accept: true }),
  step('reply/decision', ['leader'], { approve: true }),
  // 督查室 publishes only a forwarded item's 专报 (report_upward): Q came by the district mailbox.
  step('publish', ['egov'], {}),
  step('reply/return', ['egov'], { note: '不宜公开' }),
  step('visit', ['egov', 'duchashi'], { satisfaction: 'satisfied', method: 'phone' }),
  step('archive', ['duchashi'], {}),
  // 重点批示 (leaderMarked) is the leader's alone; 影响较大 (highImpact) the leader's and 督查室's.
  step('mark', ['leader', 'duchashi'], { highImpact: true, note: '影响较大' }),
  step('mark', ['leader'], { leaderMarked: true, note: '领导关注' }),
  step('category', ['egov', 'duchashi'], { category: '建议', note: '更正' }),
  // Into B, which is answered: refused (409), nothing merged.
  step('merge', ['egov', 'duchashi'], (ids: Ids) => ({ intoCaseId: ids.B, note: '重复' })),
  step('split', ['egov', 'duchashi'], { messageId: uuid, note: '误并' }),
  step('supervision', ['duchashi'], { kind: 'phone', note: '电话督促' }),
  step('special-supervision', ['duchashi'], { note: '专项督查' }),
  post('/api/workflow/proposals', ['office'], (ids) => ({ items: [{ caseId: ids.Q, unitId: 'u-roads', expectedState: 'registered' }] })),
  post('/api/workflow/proposals/approve', ['leader'], (ids) => ({ items: [{ caseId: ids.Q, proposalId: uuid }] })),
  // 批量交办: the office's alone (assign); Q awaits no 交办, so it is refused case by case.
  post('/api/workflow/assignments', ['office'], (ids) => ({ items: [{ caseId: ids.Q, proposalId: uuid }] })),
  // 批量审核: the leader's alone (approve_reply); Q has no reply awaiting approval, so it is refused case by case.
  get('/api/workflow/replies/awaiting-approval', ['leader']),
  post('/api/workflow/replies/approve', ['leader'], (ids) => ({ items: [{ caseId: ids.Q, reportId: uuid }] })),
  post('/api/workflow/archives', ['duchashi'], (ids) => ({ items: [{ caseId: ids.Q, expectedState: 'closed' }] })),
  // The reply check on a case reads the case: only those who may read it.
  post('/api/workflow/review/check', [...offices, 'water'], (ids) => ({ text: '已办理完毕', caseId: ids.W })),
  post('/api/workflow/supervision/scan', ['duchashi', 'admin']),
  post('/api/workflow/calendar/load', ['admin'], () => ({ year: 2099 })),
  post('/api/workflow/bulletins', ['duchashi', 'leader', 'admin'], () => period),
  post('/api/workflow/users', ['admin'], () => ({ username: 'x', displayName: 'x', password: 'short', role: 'unit' })),
  post('/api/workflow/users/:username/password', ['admin'], () => ({ password: 'spare-pass-2026-new' }), () => '/api/workflow/users/spare/password'),
  post('/api/workflow/users/:username/disabled', ['admin'], () => ({ disabled: false }), () => '/api/workflow/users/spare/disabled'),
  // The console's own reads and actions (web/api/console-routes.ts, entry-routes.ts).
  get('/api/console/meta', staff),
  get('/api/console/review', offices),
  post('/api/console/review/batch-accept', ['egov', 'duchashi'], () => ({ threshold: 1, caseIds: [uuid] })),
  get('/api/console/ledger', staff),
  get('/api/console/ledger', staff, (ids) => `/api/console/ledger?hotIssue=${encodeURIComponent(ids.hotIssueKey)}`),
  get('/api/console/returned-cases', ['roads', 'water', 'housing']),
  get('/api/console/board', staff),
  get('/api/console/charts', offices),
  get('/api/console/unit-bulletin', ['roads', 'water', 'housing']),
  get('/api/console/suggestion-agreement', ['admin', 'egov', 'leader', 'duchashi']),
  get('/api/console/sources', offices),
  // The staff who run the system: 系统管理员 and the centre (电子政务中心).
  get('/api/console/queue-data-loss', ['admin', 'egov']),
  // No loss recorded here (no Redis queue): the callers let through are refused it (409).
  post('/api/console/queue-data-loss/dismiss', ['admin', 'egov'], () => ({ lostAt: '2026-01-01T00:00:00.000Z' })),
  get('/api/console/sources/excluded', offices),
  post('/api/console/sources/excluded/:id/bring-back', ['egov', 'duchashi', 'admin'], () => ({ note: '属本区' }), () => `/api/console/sources/excluded/${uuid}/bring-back`, [404]),
  post('/api/console/sources/:id/recheck-scope', ['admin'], () => ({ dryRun: true }), () => '/api/console/sources/src-district_mailbox/recheck-scope', [503]),
  get('/api/console/sources/:id/recheck-scope', offices, () => '/api/console/sources/src-district_mailbox/recheck-scope'),
  get('/api/console/sources/:id/recheck-scope/:runId', offices, () => `/api/console/sources/src-district_mailbox/recheck-scope/${uuid}`, [404]),
  // 起草新来源: the admin's alone; a draft is not started (an address that is not http: 400), none known (404).
  post('/api/console/source-drafts', ['admin'], () => ({ listUrl: 'ftp://example.gov.cn/list' })),
  get('/api/console/source-drafts/:id', ['admin'], () => `/api/console/source-drafts/${uuid}`, [404]),
  get('/api/console/source-drafts/:id/file', ['admin'], () => `/api/console/source-drafts/${uuid}/file`, [404]),
  post('/api/console/source-drafts/:id/add-to-source-file', ['admin'], () => ({}), () => `/api/console/source-drafts/${uuid}/add-to-source-file`, [404]),
  post('/api/console/source-drafts/:id/cancel', ['admin'], () => ({}), () => `/api/console/source-drafts/${uuid}/cancel`, [404]),
  post('/api/console/messages', ['egov', 'admin'], () => ({ channel: 'other_web', title: '' })),
  get('/api/console/messages/:id', ['egov', 'admin'], (ids) => `/api/console/messages/${ids.msgA}`),
  get('/api/console/security-log', ['admin']),
  get('/api/console/backups', ['admin']),
  post('/api/console/backups', ['admin'], undefined, undefined, [404]),
  get('/api/console/backups/:name', ['admin'], () => '/api/console/backups/minsheng-backup-20260101-000000.tar.gz', [404]),
  // Exports (web/api/export-routes.ts): a job is its starter's alone.
  post('/api/exports', staff, () => ({ format: 'json', filter: { from: '2099-01-02', to: '2099-01-01' } })),
  get('/api/exports', staff),
  get('/api/exports/stream', staff, () => '/api/exports/stream?format=json'),
  get('/api/exports/:id', ['roads'], (ids) => `/api/exports/${ids.exportOfRoads}`),
  get('/api/exports/:id/file', ['roads'], (ids) => `/api/exports/${ids.exportOfRoads}/file`),
  // The command line's routes through the main job (web/api/cli-routes.ts).
  get('/api/crawl-states', offices),
  get('/api/training/reviewed-examples', ['admin']),
  post('/api/cli/bulletin', ['duchashi', 'leader', 'admin'], () => period),
  post('/api/cli/archive-catalogue', ['duchashi', 'admin'], () => ({ volume: '2026-投诉' })),
  get('/api/cli/reclassify/awaiting', ['admin'], () => '/api/cli/reclassify/awaiting?limit=1'),
  post('/api/cli/reclassify/apply', ['admin'], () => ({ cases: [], dryRun: true })),
  get('/api/cli/archivable', ['duchashi', 'admin'], () => '/api/cli/archivable?state=closed'),
  // On PostgreSQL: 409 CONFLICT with the advice to use pg_dump (workflow/store/backup.ts), as the command prints it.
  post('/api/cli/backup', ['admin']),
  ...localOnly,
  // Queue (web/api/queue-dashboard.ts): the in-process queue has no dashboard (404 behind the admin check).
  get('/api/metrics', ['admin']),
  get('/admin/queues', ['admin'], undefined, [404]),
  get('/admin/queues/*', ['admin'], () => '/admin/queues/api/queues', [404]),
];

/** Routes the matrix sends no request of its own to, and why: each is checked in the test itself. */
export const checkedApart = new Map<string, string>([
  ['POST /api/session/login', 'sign-in: refused names and passwords, in the test'],
  ['POST /api/session/logout', 'ends the session: every caller with a session of its own, in the test'],
]);

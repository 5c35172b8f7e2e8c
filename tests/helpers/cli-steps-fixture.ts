/**
 * The set-up the suites of the `cases` step commands share (tests/cli-case-handling.test.ts,
 * tests/cli-case-reply-steps.test.ts): a workflow fixture with one account per role (egov, office,
 * leader, duchashi; roads and water for the two units), an in-process `minsheng` on its schema, a
 * temp folder, cases walked to 领导已同意待交办 or 已交办办理中, and a console session of an account
 * (to show that the command line's routes refuse it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decideProposal, proposeHandling, registerCase } from '../../workflow/cases/index.js';
import { createUser } from '../../workflow/users/index.js';
import { at, newCase, openFixture, type Fixture } from '../workflow-fixtures.js';
import { toAssigned } from './case-steps.js';
import { inProcessMinsheng, type MinshengRunner } from './in-process-cli.js';

/** Every account's password. */
export const password = 'cli-pass-2026';

/** A due date as the commands print it. */
export const dueDate = /\d{4}-\d\d-\d\d/.source;

export interface CliStepsFixture {
  f: Fixture;
  /** A temp folder of the suite's (its files; a main job stand-in's data folder). */
  dir: string;
  minsheng: MinshengRunner;
  ledgerNo(caseId: string): Promise<string>;
  events(caseId: string, type: string): ReturnType<Fixture['store']['db']['event']['findMany']>;
  /** A case whose 拟办 (to 区交通运输局, and 协办 units if named) the leader agreed to: 领导已同意待交办. */
  approved(title: string, assistUnitIds?: string[]): Promise<{ caseId: string; messageId: string; ledgerNo: string }>;
  /** A case handed to 区交通运输局 (已交办办理中). */
  assigned(title: string, options?: { channel?: 'forwarded' }): Promise<{ caseId: string; ledgerNo: string }>;
  close(): Promise<void>;
}

/** `name`: the suite's, for its temp folder (/tmp/<name>-…). */
export async function openCliStepsFixture(name: string): Promise<CliStepsFixture> {
  const f = await openFixture();
  const dir = await mkdtemp(path.join(tmpdir(), `${name}-`));
  for (const [username, role] of [['egov', 'egov_centre'], ['office', 'gov_office'], ['leader', 'leader'], ['duchashi', 'supervision']] as const) {
    await createUser(f.store.db, { username, displayName: username, password, role });
  }
  await createUser(f.store.db, { username: 'roads', displayName: '交通局办公室', password, role: 'unit', unitId: f.units.roads });
  await createUser(f.store.db, { username: 'water', displayName: '水务局办公室', password, role: 'unit', unitId: f.units.water });
  const ledgerNo = async (caseId: string) => (await f.store.db.case.findUniqueOrThrow({ where: { id: caseId } })).ledgerNo;
  return {
    f,
    dir,
    minsheng: inProcessMinsheng(f.schema),
    ledgerNo,
    events: (caseId, type) => f.store.db.event.findMany({ where: { caseId, type } }),
    async approved(title, assistUnitIds = []) {
      const { caseId, messageId } = await newCase(f, { title });
      await registerCase(f.store.db, { caseId, category: '投诉', actor: f.actors.egov, now: at('2026-11-02') });
      await proposeHandling(f.store.db, { caseId, unitId: f.units.roads, assistUnitIds, opinion: '请区交通运输局核实处理', actor: f.actors.office, now: at('2026-11-02') });
      await decideProposal(f.store.db, { caseId, approve: true, actor: f.actors.leader, now: at('2026-11-02') });
      return { caseId, messageId, ledgerNo: await ledgerNo(caseId) };
    },
    async assigned(title, options = {}) {
      const { caseId } = await newCase(f, { title, ...options });
      await toAssigned(f, caseId, at('2026-11-02'));
      return { caseId, ledgerNo: await ledgerNo(caseId) };
    },
    async close() {
      await rm(dir, { recursive: true, force: true });
      await f.close();
    },
  };
}

/** A console session of `username` on the server at `url`: the headers its POSTs carry (cookie, CSRF token). */
export async function consoleSession(url: string, username: string): Promise<Record<string, string>> {
  const login = await fetch(`${url}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const cookies = login.headers.getSetCookie().map((x) => x.split(';')[0]!);
  const csrf = cookies.find((x) => x.startsWith('ms_csrf='))!.slice('ms_csrf='.length);
  return { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-csrf-token': csrf };
}

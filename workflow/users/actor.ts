/**
 * Who acts: the six staff roles of the measures and the system (scheduler, pipeline).
 * Every use case takes an Actor and checks it here, not only in the UI.
 */
import { ForbiddenError } from '../../core/index.js';

export const roles = ['egov_centre', 'gov_office', 'leader', 'supervision', 'unit', 'admin'] as const;
/** A staff role. */
export type Role = (typeof roles)[number];
/** A staff role, or the system itself (automatic alerts and escalation). */
export type ActorRole = Role | 'system';

export const roleNames: Record<ActorRole, string> = {
  egov_centre: '区电子政务管理中心',
  gov_office: '区政府办',
  leader: '区政府领导',
  supervision: '区政府督查室',
  unit: '承办单位',
  admin: '系统管理员',
  system: '系统',
};

export interface Actor {
  userId: string;
  username: string;
  role: ActorRole;
  /** The unit a `unit` actor belongs to (required for that role). */
  unitId?: string | undefined;
}

/** The actor for automatic work (deadline scans, escalation). */
export const systemActor: Actor = { userId: 'system', username: 'system', role: 'system' };

/** Throws ForbiddenError unless the actor has one of the roles. */
export function requireRole(actor: Actor, allowed: readonly ActorRole[]): void {
  if (!allowed.includes(actor.role)) {
    throw new ForbiddenError(`${roleNames[actor.role] ?? actor.role}无权执行此操作（需要：${allowed.map((r) => roleNames[r]).join('、')}）`);
  }
  if (actor.role === 'unit' && !actor.unitId) throw new ForbiddenError('承办单位账号未关联单位，无法操作');
}

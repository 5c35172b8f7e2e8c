/**
 * A handling unit's own part of 《印台政务通报》: its row of the period's bulletin and whether it is
 * named for praise or criticism (第五条㈥), with the reasons. A unit sees only cases assigned to it,
 * so it is given no other unit's row, no district totals and no other unit's praise or criticism.
 */
import type { BulletinCriticisedCase, BulletinOverdueCase } from './bulletin-case-lists.js';
import { emptyUnitRow, type BulletinData, type UnitBulletinRow } from './compute-bulletin.js';

export interface UnitBulletinView {
  from: string;
  to: string;
  asOf: string;
  unitId: string;
  /** The unit's row; a unit with no assignment counted in the period gets a row of zeros. */
  row: UnitBulletinRow;
  /** Reasons the bulletin praises the unit (通报表扬), or null when it is not praised. */
  praise: string[] | null;
  /** Reasons the bulletin criticises the unit (通报批评), or null when it is not criticised. */
  criticism: string[] | null;
  /** The unit's own 超期 cases, as the bulletin lists them. */
  overdueCases: BulletinOverdueCase[];
  /** The unit's own 群众不满意 and 退回重办, as the bulletin lists them. */
  criticisedCases: BulletinCriticisedCase[];
}

export function unitBulletinView(bulletin: BulletinData, unit: { id: string; name: string }): UnitBulletinView {
  const row = bulletin.units.find((u) => u.unitId === unit.id) ?? emptyUnitRow(unit.id, unit.name);
  return {
    from: bulletin.from,
    to: bulletin.to,
    asOf: bulletin.asOf,
    unitId: unit.id,
    row,
    praise: bulletin.praise.find((p) => p.unitId === unit.id)?.reasons ?? null,
    criticism: bulletin.criticism.find((p) => p.unitId === unit.id)?.reasons ?? null,
    overdueCases: bulletin.overdueCases.filter((c) => c.unitId === unit.id),
    criticisedCases: bulletin.criticisedCases.filter((c) => c.unitId === unit.id),
  };
}

/**
 * The 台账编号 sequence after a crash. PostgreSQL writes a sequence to its log 32 values ahead, so
 * a store left by a power cut or a killed process (and a backup, which is such an image) comes
 * back with the sequence up to 32 numbers past the last case: the next case got YT-…-000034 after
 * YT-…-000001, and the ledger showed a run of numbers no case ever had, which staff read as cases
 * lost. The embedded store is one process's alone, so on opening it the sequence is set back to
 * the highest number a case holds. A number is only ever seen once its case is committed, so no
 * number anyone saw is handed out again.
 */
import type { SqlRunner } from './sql-runner.js';

/** Sets case_ledger_seq back to the highest case number when it ran ahead; returns the numbers skipped otherwise. */
export async function closeLedgerNumberGap(sql: SqlRunner): Promise<number> {
  const [row] = await sql.query<{ highest: string | null; last: string; called: boolean }>(
    `SELECT (SELECT max(substring("ledgerNo" from '[0-9]+$')::bigint) FROM "Case")::text AS highest,
            last_value::text AS last, is_called AS called FROM case_ledger_seq`,
  );
  if (!row) return 0;
  const highest = BigInt(row.highest ?? '0');
  const issued = row.called ? BigInt(row.last) : BigInt(row.last) - 1n;
  if (issued <= highest) return 0;
  if (highest === 0n) await sql.query(`SELECT setval('case_ledger_seq', 1, false)`);
  else await sql.query(`SELECT setval('case_ledger_seq', $1::bigint, true)`, [highest.toString()]);
  return Number(issued - highest);
}

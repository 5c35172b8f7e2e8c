/** 台账编号: YT-<year>-<6 digits>, from a database sequence, so numbers never repeat across workers. */
import type { Prisma } from '../../prisma/generated/client.js';

export async function allocateLedgerNo(tx: Pick<Prisma.TransactionClient, '$queryRaw'>, at: Date): Promise<string> {
  const rows = await tx.$queryRaw<{ n: bigint }[]>`SELECT nextval('case_ledger_seq') AS n`;
  const n = rows[0]?.n ?? 0n;
  return `YT-${at.getFullYear()}-${String(n).padStart(6, '0')}`;
}

import { describe, expect, it } from 'vitest';
import { asDatabaseUnavailable, BadInputError, UnavailableError } from './errors.js';

describe('asDatabaseUnavailable', () => {
  it('turns the ways a database outage shows up into one short Chinese line, keeping the cause', () => {
    // Prisma with the pg driver adapter, as thrown when nothing listens on the port.
    const prisma = Object.assign(new Error("\nInvalid `db.source.upsert()` invocation in\n/x/record-message.ts:47:19\n\n→ 47   await db.source.upsert(\nCan't reach database server at 127.0.0.1:5439"), {
      name: 'PrismaClientKnownRequestError',
      code: 'P1001',
      meta: { modelName: 'Source', driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5439 } } },
    });
    const mapped = asDatabaseUnavailable(prisma);
    expect(mapped).toBeInstanceOf(UnavailableError);
    expect(mapped?.message).toBe('无法连接数据库（127.0.0.1:5439）');
    expect(mapped?.httpStatus).toBe(503);
    expect(mapped?.cause).toBe(prisma);
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5439'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 5439 });
    expect(asDatabaseUnavailable(refused)?.message).toBe('无法连接数据库（127.0.0.1:5439）');
    expect(asDatabaseUnavailable(new Error('x', { cause: refused }))?.message).toBe('无法连接数据库（127.0.0.1:5439）');
    expect(asDatabaseUnavailable(new Error('Connection terminated unexpectedly'))?.message).toBe('无法连接数据库');
    expect(asDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))?.message).toBe('无法连接数据库');
  });

  it('leaves other errors alone', () => {
    expect(asDatabaseUnavailable(new Error('duplicate key value violates unique constraint'))).toBeUndefined();
    expect(asDatabaseUnavailable(Object.assign(new Error('Unique constraint failed'), { code: 'P2002' }))).toBeUndefined();
    expect(asDatabaseUnavailable(new BadInputError('无效'))).toBeUndefined();
    expect(asDatabaseUnavailable(new UnavailableError('无法连接 PostgreSQL：…'))).toBeUndefined();
    expect(asDatabaseUnavailable('text')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { db } from './db';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('one SQLite connection shared by concurrent requests', () => {
  it('a write made while another request’s transaction is open survives that transaction’s rollback', async () => {
    const inside = `tx:${crypto.randomUUID()}`;
    const outside = `other:${crypto.randomUUID()}`;
    const resetAt = new Date(Date.now() + 60_000);
    const transaction = db.$transaction(async (tx) => {
      await tx.rateLimit.create({ data: { key: inside, count: 1, resetAt } });
      await sleep(50);
      throw new Error('roll back');
    });
    await sleep(10);
    await db.rateLimit.create({ data: { key: outside, count: 1, resetAt } });
    await expect(transaction).rejects.toThrow('roll back');
    expect(await db.rateLimit.findUnique({ where: { key: inside } })).toBeNull();
    expect(await db.rateLimit.findUnique({ where: { key: outside } })).not.toBeNull();
  });
});

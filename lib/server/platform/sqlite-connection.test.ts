import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { reuseStatements } from './sqlite-connection';

// The statement cache under Prisma's SQLite adapter: used the way the adapter uses a fresh
// statement (`prepare(sql).bind(args)` then `run()`, or `columns()` and `raw().all()`).

function database() {
  const db = new Database(':memory:');
  db.defaultSafeIntegers(true);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
  return db;
}

describe('reused statements', () => {
  it('prepare each SQL string once and bind each call’s own arguments', () => {
    const db = database();
    const prepare = vi.spyOn(db, 'prepare');
    reuseStatements(db);
    const insert = 'INSERT INTO t (id, name) VALUES (?, ?)';
    const select = 'SELECT id, name FROM t WHERE id >= ? ORDER BY id';
    for (let i = 1; i <= 5; i++)
      expect(
        db
          .prepare(insert)
          .bind([i, `n${i}`])
          .run().changes,
      ).toBe(1);
    const statement = db.prepare(select).bind([4]);
    expect(statement.reader).toBe(true);
    expect(statement.columns().map((c) => c.name)).toEqual(['id', 'name']);
    expect(statement.raw().all()).toEqual([
      [4n, 'n4'],
      [5n, 'n5'],
    ]);
    expect(db.prepare(select).bind([5]).raw().all()).toEqual([[5n, 'n5']]);
    expect(prepare).toHaveBeenCalledTimes(2);
    // The columns of a query are read from the statement once, then kept with it.
    expect(db.prepare(select).bind([1]).columns()).toBe(statement.columns());
  });

  it('keeps transactions working (BEGIN and COMMIT without arguments)', () => {
    const db = database();
    reuseStatements(db);
    db.prepare('BEGIN').run();
    db.prepare('INSERT INTO t (id, name) VALUES (?, ?)').bind([1, 'a']).run();
    db.prepare('ROLLBACK').run();
    db.prepare('BEGIN').run();
    db.prepare('INSERT INTO t (id, name) VALUES (?, ?)').bind([2, 'b']).run();
    db.prepare('COMMIT').run();
    expect(db.prepare('SELECT id FROM t').bind([]).raw().all()).toEqual([[2n]]);
  });

  it('holds at most its size, dropping the least recently used', () => {
    const db = database();
    const prepare = vi.spyOn(db, 'prepare');
    reuseStatements(db, 2);
    const query = (n: number) => db.prepare(`SELECT ${n} AS n`).bind([]).raw().all();
    query(1);
    query(2);
    query(1); // 1 is now the most recent
    query(3); // evicts 2
    query(1);
    expect(prepare).toHaveBeenCalledTimes(3);
    query(2);
    expect(prepare).toHaveBeenCalledTimes(4);
  });
});

import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

/**
 * Statements by their SQL, each prepared on first use and kept: code that runs one statement per
 * file (the indexer, the metadata pass) would otherwise spend most of each call compiling it.
 */
export function preparedOnce(db: Db): (sql: string) => Statement {
  const statements = new Map<string, Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}

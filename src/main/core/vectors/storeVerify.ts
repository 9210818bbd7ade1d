/**
 * Compares a store with the catalog for one model and repairs what differs:
 * paths missing from the store or holding another file's content are sent
 * again, entries the catalog no longer has are deleted. The catalog is the
 * source of truth; nothing is re-embedded.
 *
 * A studio's Milvus is shared: entries under folders this library does not
 * index belong to other workstations and are counted, never deleted.
 */
import path from 'node:path';
import type { ChangeLog } from '../catalog/changeLog';
import type { ModelSpace } from './vectorStore';
import type { VectorSync } from './vectorSync';

export interface VerifyReport {
  model: string;
  /** Entries the catalog has for the model. */
  catalog: number;
  /** Entries the store held before and after the repair. */
  storeBefore: number;
  storeAfter: number;
  /** Paths the store lacked, sent again. */
  missing: number;
  /** Paths the store held with another content key (or twice), sent again. */
  stale: number;
  /** Entries under this library's folders that the catalog no longer has, deleted. */
  extra: number;
  /** Entries under other folders (another workstation's), left alone. */
  foreign: number;
  /** True when the store cannot list its entries and was rebuilt from the catalog because its count differed. */
  rebuilt: boolean;
}

const BATCH = 1000;

/** True when `file` is inside one of the library's folders. */
function under(roots: string[], file: string): boolean {
  return roots.some((r) => file.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
}

export async function verifyStore(
  sync: VectorSync,
  log: ChangeLog,
  model: ModelSpace,
  roots: string[],
): Promise<VerifyReport> {
  const store = sync.store;
  // Pending changes first: what is left to compare is then a real difference.
  await sync.sync(model);
  const expected = log.entryKeys(model.id);
  const storeBefore = await store.count(model);
  const report: VerifyReport = {
    model: model.id,
    catalog: expected.size,
    storeBefore,
    storeAfter: storeBefore,
    missing: 0,
    stale: 0,
    extra: 0,
    foreign: 0,
    rebuilt: false,
  };

  if (!store.keys) {
    if (storeBefore !== expected.size) {
      await store.reset(model);
      sync.restart(model);
      await sync.sync(model);
      report.rebuilt = true;
    }
    report.storeAfter = await store.count(model);
    return report;
  }

  const seen = new Set<string>();
  const resend: string[] = [];
  const extra: string[] = [];
  for await (const page of store.keys(model)) {
    for (const { path: file, contentKey } of page) {
      const want = expected.get(file);
      if (want === undefined) {
        if (under(roots, file)) extra.push(file);
        else report.foreign++;
      } else if (want !== contentKey || seen.has(file)) {
        report.stale++;
        resend.push(file);
      }
      seen.add(file);
    }
  }
  for (const file of expected.keys()) {
    if (!seen.has(file)) {
      report.missing++;
      resend.push(file);
    }
  }
  report.extra = extra.length;

  for (let i = 0; i < extra.length; i += BATCH) await store.delete(model, extra.slice(i, i + BATCH));
  const unique = [...new Set(resend)];
  for (let i = 0; i < unique.length; i += BATCH) {
    await store.upsert(model, log.entries(model.id, unique.slice(i, i + BATCH)));
  }
  report.storeAfter = await store.count(model);
  return report;
}

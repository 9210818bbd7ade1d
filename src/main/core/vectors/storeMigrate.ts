/**
 * Copies every vector of the catalog into another store, without re-embedding:
 * a full sync (the target's cursor cleared), then a verify that removes what
 * the target held from an earlier copy and the catalog no longer has.
 */
import type { ChangeLog } from '../catalog/changeLog';
import { type VerifyReport, verifyStore } from './storeVerify';
import type { ModelSpace, VectorStore } from './vectorStore';
import { VectorSync, type VectorSyncOptions } from './vectorSync';

export interface MigrateReport extends VerifyReport {
  /** Entries sent by the full sync. */
  copied: number;
}

/**
 * Migrates each model's vectors to `target`; `onModel` hears about each model
 * as it starts and `onUpserted` about each batch the target accepted (a copy of
 * a large library takes a while).
 */
export async function migrateStore(
  log: ChangeLog,
  target: VectorStore,
  roots: string[],
  onModel: (model: ModelSpace) => void = () => undefined,
  onUpserted?: VectorSyncOptions['onUpserted'],
): Promise<MigrateReport[]> {
  const sync = new VectorSync(log, target, onUpserted ? { onUpserted } : {});
  const reports: MigrateReport[] = [];
  for (const model of log.models()) {
    onModel(model);
    sync.restart(model);
    const { upserted } = await sync.sync(model);
    reports.push({ ...(await verifyStore(sync, log, model, roots)), copied: upserted });
  }
  return reports;
}

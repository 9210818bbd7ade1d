/**
 * What a scan worker does (scanThread.ts is its entry): stats folders' files
 * and sets them against the catalog's rows, read over a read-only connection
 * of its own, answering each folder with only what differs (folderDiff.ts).
 */
import { type FolderRows, type FolderRowsScope, openFolderRows } from '../catalog/folderRows';
import type { WorkerPort } from '../workers/workerSpawner';
import { type FolderJob, type FolderOutcome, runFolderJob } from './folderDiff';

export type ScanCommand =
  | { type: 'open'; catalog: string; scope: FolderRowsScope; skipped: string[] }
  | { type: 'folder'; seq: number; job: FolderJob };

export type ScanAnswer =
  { seq: number; ok: true; outcome: FolderOutcome } | { seq: number; ok: false; message: string };

export function runScanWorker(port: WorkerPort): void {
  let rows: FolderRows | null = null;
  let failure = 'the scan worker was given no catalog';
  let skipped = new Set<string>();
  port.onMessage((message) => {
    const command = message as ScanCommand;
    if (command.type === 'open') {
      try {
        rows = openFolderRows(command.catalog, command.scope);
        skipped = new Set(command.skipped);
      } catch (err) {
        failure = `the scan worker could not open the catalog: ${(err as Error).message}`;
      }
      return;
    }
    let answer: ScanAnswer;
    try {
      if (!rows) throw new Error(failure);
      answer = { seq: command.seq, ok: true, outcome: runFolderJob(command.job, rows, skipped) };
    } catch (err) {
      answer = { seq: command.seq, ok: false, message: (err as Error).message };
    }
    port.postMessage(answer);
  });
}

import type { Atelier } from '../../main/core/app';
import { printJson, printLine } from '../output';

export async function statusCommand(atelier: Atelier, json: boolean): Promise<void> {
  const model = await atelier.activeModel();
  const status = atelier.library.status(model?.id ?? null);
  if (json) {
    printJson(status);
    return;
  }
  printLine(`Data folder: ${status.dataDir}`);
  printLine(`Model:       ${status.model ?? 'none installed (atelier models list)'}`);
  printLine(`Files:       ${status.files} (${status.skipped} skipped)`);
  for (const [m, n] of Object.entries(status.embeddings)) printLine(`Vectors:     ${n} for ${m}`);
  if (status.folders.length === 0) printLine('No folders yet. Add one with: atelier index <folder>');
  for (const f of status.folders) printLine(`  ${f.path}: ${f.files} files, ${f.embedded} with vectors, ${f.skipped} skipped`);
}

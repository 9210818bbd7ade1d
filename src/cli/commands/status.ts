import type { Atelier } from '../../main/core/app';
import { describeLanguages } from '../../shared/languages';
import { printJson, printLine } from '../output';

export async function statusCommand(atelier: Atelier, json: boolean): Promise<void> {
  const status = await atelier.handlers.library.status({});
  if (json) {
    printJson(status);
    return;
  }
  printLine(`Data folder: ${status.dataDir}`);
  printLine(`Model:       ${status.model ?? 'none installed (atelier models list)'}`);
  if (status.model) printLine(`Languages:   ${describeLanguages(status.modelLanguages)}`);
  if (status.pendingModel && status.reindex) {
    const { done, total, paused } = status.reindex;
    printLine(`Switching to ${status.pendingModel}: ${done}/${total} re-indexed${paused ? ' (paused)' : ''}`);
  }
  if (status.provider) {
    const why = status.provider.fallbackReason ? ` (fell back: ${status.provider.fallbackReason})` : '';
    printLine(`Runs on:     ${status.provider.provider}${why}`);
  }
  printLine(`Files:       ${status.files} (${status.skipped} skipped)`);
  printLine(`Text read:   ${status.ocr.done}/${status.ocr.total} images`);
  for (const [m, n] of Object.entries(status.embeddings)) printLine(`Vectors:     ${n} for ${m}`);
  if (status.folders.length === 0) printLine('No folders yet. Add one with: atelier index <folder>');
  for (const f of status.folders)
    printLine(
      `  ${f.path}: ${f.files} files, ${f.embedded} with vectors, ${f.skipped} skipped${f.watch ? ', watched' : ''}`,
    );
}

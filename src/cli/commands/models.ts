import type { Atelier } from '../../main/core/app';
import type { ModelStatus } from '../../shared/types';
import { UsageError } from '../errors';
import { printJson, printLine, progressLine } from '../output';

function mb(bytes: number): string {
  return bytes < 1e6 ? `${Math.ceil(bytes / 1e3)} kB` : `${(bytes / 1e6).toFixed(0)} MB`;
}

function describe(m: ModelStatus): string {
  const facts = [
    m.source,
    m.dim ? `${m.dim}-d` : null,
    m.license ?? null,
    m.languages.length ? m.languages.join(' ') : null,
    m.recall !== undefined ? `recall ${m.recall}%` : null,
    m.sizeBytes ? `download ${mb(m.sizeBytes)}` : null,
    m.bytes ? `vectors ${mb(m.bytes)}` : null,
  ].filter(Boolean);
  const mark = m.active ? ' [in use]' : m.pending ? ' [switching to]' : '';
  return `${m.installed ? '*' : ' '} ${m.id.padEnd(28)} ${m.name} (${facts.join(', ')})${mark}`;
}

/** Switches, and stays until the re-index is done; Ctrl-C leaves the switch pending for the next start. */
async function useModel(atelier: Atelier, id: string, json: boolean): Promise<void> {
  const bar = progressLine();
  const stop = atelier.events.on('models.switchProgress', (p) =>
    bar.update(`Re-indexing for ${p.model}`, p.done, p.total),
  );
  const failed = new Promise<never>((_, reject) =>
    atelier.events.on('models.switchFailed', ({ message }) => reject(new Error(`The switch failed: ${message}`))),
  );
  failed.catch(() => undefined);
  const interrupt = () => void atelier.switcher.close();
  process.once('SIGINT', interrupt);
  try {
    const start = await atelier.handlers.models.use({ id });
    if (!start.switched) await Promise.race([atelier.switcher.settled(), failed]);
    bar.end();
    const active = (await atelier.activeModel())?.id ?? null;
    const pending = atelier.switcher.view();
    if (json) return printJson({ model: active, ...(pending ? { pendingModel: pending.model } : {}) });
    if (active === start.model) printLine(`Searches now use ${start.model}.`);
    else
      printLine(
        `Stopped before the switch to ${start.model} was done; it goes on at the next start of the app or "atelier serve", or run this command again.`,
      );
  } finally {
    stop();
    process.off('SIGINT', interrupt);
  }
}

export async function modelsCommand(atelier: Atelier, args: string[], json: boolean): Promise<void> {
  const [action, arg] = args;
  if (action === 'list' || action === undefined) {
    const models = await atelier.handlers.models.list({});
    if (json) return printJson(models);
    for (const m of models) printLine(describe(m));
    printLine('* installed');
    return;
  }
  if (action === 'download') {
    if (!arg) throw new UsageError('models download needs a model id: atelier models download <id>');
    const { model, warnings } = await atelier.models.download(arg, (w) => process.stderr.write(`warning: ${w}\n`));
    if (json) return printJson({ model, warnings });
    printLine(`Installed ${model.id} in ${model.dir ?? ''}`);
    return;
  }
  if (action === 'import') {
    if (!arg) throw new UsageError('models import needs a folder: atelier models import <folder>');
    const model = await atelier.models.import(arg);
    if (json) return printJson({ model });
    printLine(`Imported ${model.id}. Use it with: atelier models use ${model.id}`);
    return;
  }
  if (action === 'use') {
    if (!arg) throw new UsageError('models use needs a model id: atelier models use <id> (see atelier models list)');
    return useModel(atelier, arg, json);
  }
  if (action === 'remove-vectors') {
    if (!arg) throw new UsageError('models remove-vectors needs a model id: atelier models remove-vectors <id>');
    const { removed } = await atelier.handlers.models.removeVectors({ id: arg });
    if (json) return printJson({ model: arg, removed });
    printLine(`Removed ${removed} vectors of ${arg}.`);
    return;
  }
  throw new UsageError(
    `Unknown models action "${action}": use list, download <id>, import <folder>, use <id> or remove-vectors <id>`,
  );
}

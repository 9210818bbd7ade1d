import type { Atelier } from '../../main/core/app';
import { describeLanguages } from '../../shared/languages';
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
    `languages ${describeLanguages(m.languages)}`,
    m.recall !== undefined ? `recall ${m.recall}%` : null,
    m.sizeBytes ? `download ${mb(m.sizeBytes)}` : null,
    m.bytes ? `vectors ${mb(m.bytes)}` : null,
  ].filter(Boolean);
  const mark = m.active ? ' [in use]' : m.pending ? ' [switching to]' : '';
  return `${m.installed ? '*' : ' '} ${m.id.padEnd(28)} ${m.name} (${facts.join(', ')})${mark}`;
}

/**
 * Stays while this process re-indexes for a switch, until it is done, paused or cancelled (from
 * here or another process); Ctrl-C leaves the switch pending for the next start.
 */
async function followSwitch(atelier: Atelier, target: string, start: () => Promise<boolean>, json: boolean) {
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
    if (await start()) await Promise.race([atelier.switcher.settled(), failed]);
    bar.end();
    const active = (await atelier.activeModel())?.id ?? null;
    const pending = atelier.switcher.view();
    if (json) {
      return printJson({
        model: active,
        ...(pending ? { pendingModel: pending.model, paused: pending.paused } : {}),
      });
    }
    if (active === target) printLine(`Searches now use ${target}.`);
    else if (pending?.paused) printLine(`The switch to ${target} is paused; "atelier models resume" goes on with it.`);
    else if (!pending) printLine(`The switch to ${target} was cancelled; searches stay on ${active ?? 'no model'}.`);
    else
      printLine(
        `Stopped before the switch to ${target} was done; it goes on at the next start of the app or "atelier serve", or run this command again.`,
      );
  } finally {
    stop();
    process.off('SIGINT', interrupt);
  }
}

/** Switches, and stays until the re-index is done, paused or cancelled. */
async function useModel(atelier: Atelier, id: string, json: boolean): Promise<void> {
  await followSwitch(atelier, id, async () => !(await atelier.handlers.models.use({ id })).switched, json);
}

function noSwitch(json: boolean): void {
  if (json) printJson({ pendingModel: null });
  else printLine('No model switch is in progress.');
}

async function switchAction(atelier: Atelier, action: 'pause' | 'resume' | 'cancel', json: boolean) {
  const pending = atelier.switcher.view();
  if (!pending) return noSwitch(json);
  if (action === 'cancel') {
    const { cancelled } = await atelier.handlers.models.cancelSwitch({});
    const active = (await atelier.activeModel())?.id ?? null;
    if (json) return printJson({ model: active, cancelled });
    return printLine(`Cancelled the switch to ${pending.model}; searches stay on ${active ?? 'no model'}.`);
  }
  if (action === 'pause') {
    const view = await atelier.handlers.models.pauseSwitch({});
    if (json) return printJson({ pendingModel: pending.model, paused: true, done: view?.done, total: view?.total });
    return printLine(`Paused the switch to ${pending.model} (${view?.done ?? 0} of ${view?.total ?? 0} images).`);
  }
  return followSwitch(
    atelier,
    pending.model,
    async () => (await atelier.handlers.models.resumeSwitch({})) !== null && atelier.switcher.view() !== null,
    json,
  );
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
    const { model } = await atelier.models.download(arg);
    if (json) return printJson({ model });
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
  if (action === 'pause' || action === 'resume' || action === 'cancel') return switchAction(atelier, action, json);
  if (action === 'remove-vectors') {
    if (!arg) throw new UsageError('models remove-vectors needs a model id: atelier models remove-vectors <id>');
    const { removed } = await atelier.handlers.models.removeVectors({ id: arg });
    if (json) return printJson({ model: arg, removed });
    printLine(`Removed ${removed} vectors of ${arg}.`);
    return;
  }
  throw new UsageError(
    `Unknown models action "${action}": use list, download <id>, import <folder>, use <id>, pause, resume, cancel or remove-vectors <id>`,
  );
}

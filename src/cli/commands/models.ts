import type { Atelier } from '../../main/core/app';
import { UsageError } from '../errors';
import { printJson, printLine } from '../output';

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}

export async function modelsCommand(atelier: Atelier, args: string[], json: boolean): Promise<void> {
  const [action, arg] = args;
  if (action === 'list' || action === undefined) {
    const models = await atelier.models.list();
    if (json) return printJson({ models });
    for (const m of models) {
      const size = m.sizeBytes ? `, ${mb(m.sizeBytes)}` : '';
      printLine(`${m.installed ? '*' : ' '} ${m.id.padEnd(28)} ${m.name} (${m.source}${size})`);
    }
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
    printLine(`Imported ${model.id}. Use it with --model ${model.id}`);
    return;
  }
  throw new UsageError(`Unknown models action "${action}": use list, download <id> or import <folder>`);
}

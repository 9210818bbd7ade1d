/**
 * `atelier templates list|show|add|remove`: the prompt templates of the data
 * folder. `list --json` prints them as a JSON list that `add --file` takes
 * back, which is how templates are exported and shared.
 */
import fs from 'node:fs';
import { z } from 'zod';
import type { Atelier } from '../../main/core/app';
import { templateJson } from '../../main/core/generate/templateStore';
import { type PromptTemplate, templateNeeds } from '../../shared/promptTemplates';
import { UsageError } from '../errors';
import { printJson, printLine } from '../output';

const USAGE =
  'atelier templates list | show <name> | add <name> --prompt "<text>" [--description TEXT] [--var KEY=DEFAULT]... | add --file PATH | remove <name>';

export type TemplatesArgs =
  | { action: 'list' }
  | { action: 'show' | 'remove'; name: string }
  | { action: 'add'; template: PromptTemplate }
  | { action: 'import'; file: string };

export interface TemplatesFlags {
  prompt?: string | undefined;
  description?: string | undefined;
  vars: string[];
  file?: string | undefined;
}

/** `--var key=value` flags as a record; a flag without "=" or a key given twice is a usage error. */
export function parseVars(flags: string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const flag of flags) {
    const at = flag.indexOf('=');
    const key = flag.slice(0, at).trim();
    if (at < 1 || !key) throw new UsageError(`--var must be KEY=VALUE, not "${flag}"`);
    if (Object.keys(vars).some((k) => k.toLowerCase() === key.toLowerCase())) {
      throw new UsageError(`--var ${key} is given twice`);
    }
    vars[key] = flag.slice(at + 1);
  }
  return vars;
}

/** The arguments, checked before the core opens: a usage mistake touches nothing. */
export function templatesArgs(rest: string[], flags: TemplatesFlags): TemplatesArgs {
  const [action, name, ...extra] = rest;
  if (extra.length) throw new UsageError(`templates ${action} takes one name (quote a name with spaces): ${USAGE}`);
  if (action === 'list') {
    if (name !== undefined) throw new UsageError('templates list takes no arguments');
    return { action };
  }
  if (action === 'show' || action === 'remove') {
    if (!name) throw new UsageError(`templates ${action} needs a template's name: ${USAGE}`);
    return { action, name };
  }
  if (action !== 'add') throw new UsageError(`templates needs list, show, add or remove: ${USAGE}`);
  if (flags.file !== undefined) {
    if (name !== undefined || flags.prompt !== undefined) {
      throw new UsageError('templates add --file takes its templates from the file, with no name or --prompt');
    }
    return { action: 'import', file: flags.file };
  }
  if (!name || flags.prompt === undefined) throw new UsageError(`templates add needs a name and --prompt: ${USAGE}`);
  return {
    action,
    template: { name, prompt: flags.prompt, description: flags.description ?? '', defaults: parseVars(flags.vars) },
  };
}

/** A file of templates: a list as `list --json` prints it, or one template. */
function readTemplates(file: string): PromptTemplate[] {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read templates from ${file}: ${(err as Error).message}`);
  }
  const parsed = z.union([z.array(templateJson), templateJson.transform((t) => [t])]).safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file} is not a template or a list of templates (${issue?.path.join('.')}: ${issue?.message}).`);
  }
  return parsed.data;
}

function describe(template: PromptTemplate): string[] {
  const { placeholders, images } = templateNeeds(template.prompt);
  const lines = [template.name];
  if (template.description) lines.push(`  ${template.description}`);
  lines.push('', template.prompt, '');
  if (images)
    lines.push(`References: at least ${images} (they fill {image 1}${images > 1 ? ` to {image ${images}}` : ''})`);
  for (const p of placeholders) {
    const fallback = template.defaults[p];
    lines.push(`  --var ${p}=…${fallback ? `   (default: ${fallback})` : '   (required)'}`);
  }
  return lines;
}

export async function templatesCommand(atelier: Atelier, args: TemplatesArgs, json: boolean): Promise<void> {
  const templates = atelier.handlers.templates;
  switch (args.action) {
    case 'list': {
      const all = await templates.list({});
      if (json) printJson(all);
      else if (all.length === 0) printLine('No templates: atelier templates add <name> --prompt "<text>"');
      else for (const t of all) printLine(`${t.name.padEnd(20)} ${t.description}`);
      return;
    }
    case 'show': {
      const template = atelier.generation.template(args.name);
      if (json) printJson(template);
      else describe(template).forEach((l) => printLine(l));
      return;
    }
    case 'remove': {
      const { removed } = await templates.remove({ name: args.name });
      if (!removed) throw new Error(`No template named "${args.name}".`);
      if (json) printJson({ removed: args.name });
      else printLine(`Removed template "${args.name}".`);
      return;
    }
    case 'add': {
      const saved = await templates.save({ template: args.template });
      if (json) printJson(saved);
      else printLine(`Added template "${saved.name}".`);
      return;
    }
    case 'import': {
      const added = atelier.generation.importTemplates(readTemplates(args.file));
      if (json) printJson(added);
      else
        printLine(
          `Added ${added.length} template${added.length === 1 ? '' : 's'}: ${added.map((t) => t.name).join(', ')}.`,
        );
      return;
    }
  }
}

/**
 * The prompt templates of a data folder, kept in `templates.json` there. A
 * folder without the file has the built-in ones; the first change writes the
 * whole list, so a deleted built-in stays deleted. Every call reads the file
 * again, since the app, `atelier serve` and the CLI may share the folder, and
 * every write replaces it whole (written beside, then renamed), so a reader
 * never sees half a list.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { checkTemplate, type PromptTemplate, TemplateError } from '../../../shared/promptTemplates';
import { BUILT_IN_TEMPLATES } from './builtInTemplates';

/** A template as JSON holds it: exported lists, imported files and the store's own file. */
export const templateJson = z
  .object({
    name: z.string().min(1).max(100),
    description: z.string().max(1000).default(''),
    prompt: z.string().min(1).max(10_000),
    defaults: z.record(z.string().max(100), z.string().max(2000)).default({}),
  })
  .strict();

const fileSchema = z.object({ version: z.literal(1), templates: z.array(templateJson) });

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export class TemplateStore {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'templates.json');
  }

  list(): PromptTemplate[] {
    let raw: string;
    try {
      raw = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return BUILT_IN_TEMPLATES.map((t) => ({ ...t }));
      throw err;
    }
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      data = null;
    }
    const parsed = fileSchema.safeParse(data);
    if (!parsed.success) {
      throw new TemplateError(`${this.file} is not a list of templates Atelier can read; fix or remove it.`);
    }
    return parsed.data.templates;
  }

  /** The template of that name (any case), or a refusal naming the ones there are. */
  get(name: string): PromptTemplate {
    const all = this.list();
    const found = all.find((t) => same(t.name, name));
    if (!found) {
      const names = all.map((t) => t.name).join(', ') || 'none';
      throw new TemplateError(`No template named "${name}"; there are: ${names}.`);
    }
    return found;
  }

  /**
   * Adds a template, or replaces the one named `replacing` (which may change
   * its name). Refused when another template has the name already.
   */
  save(template: PromptTemplate, replacing?: string): PromptTemplate {
    const checked = checkTemplate(template);
    const all = this.list();
    const at = replacing === undefined ? -1 : all.findIndex((t) => same(t.name, replacing));
    if (replacing !== undefined && at < 0) throw new TemplateError(`No template named "${replacing}" to change.`);
    if (all.some((t, i) => i !== at && same(t.name, checked.name))) {
      throw new TemplateError(`A template named "${checked.name}" exists already; choose another name.`);
    }
    if (at >= 0) all[at] = checked;
    else all.push(checked);
    this.write(all);
    return checked;
  }

  /** A copy under the first free name "<name> copy", "<name> copy 2", …, placed after the original. */
  duplicate(name: string): PromptTemplate {
    const original = this.get(name);
    const all = this.list();
    const base = `${original.name} copy`.slice(0, 40);
    let copyName = base;
    for (let n = 2; all.some((t) => same(t.name, copyName)); n++) copyName = `${base} ${n}`;
    const copy = { ...original, name: copyName, defaults: { ...original.defaults } };
    all.splice(all.findIndex((t) => same(t.name, name)) + 1, 0, copy);
    this.write(all);
    return copy;
  }

  remove(name: string): boolean {
    const all = this.list();
    const left = all.filter((t) => !same(t.name, name));
    if (left.length === all.length) return false;
    this.write(left);
    return true;
  }

  /** Adds every template of an exported list; refused whole, before any change, if one is bad or taken. */
  import(templates: PromptTemplate[]): PromptTemplate[] {
    const all = this.list();
    const checked = templates.map((t) => checkTemplate(t));
    for (const [i, t] of checked.entries()) {
      if (all.some((o) => same(o.name, t.name)) || checked.slice(0, i).some((o) => same(o.name, t.name))) {
        throw new TemplateError(
          `A template named "${t.name}" exists already; rename it in the file or remove it first.`,
        );
      }
    }
    this.write([...all, ...checked]);
    return checked;
  }

  private write(templates: PromptTemplate[]): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify({ version: 1, templates }, null, 2)}\n`);
    fs.renameSync(temp, this.file);
  }
}

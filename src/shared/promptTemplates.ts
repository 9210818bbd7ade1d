/**
 * Prompt templates: a named prompt with placeholders in braces, `{subject}`
 * for a value the user types and `{image 1}`, `{image 2}`… for the reference
 * images in the order they are given. Filling one checks every name, so an
 * unknown placeholder or a missing value is refused with its name rather than
 * sent to the model as literal braces. `{{` and `}}` stand for braces.
 * Pure functions: the CLI, the service and the panel's form use the same ones.
 */

export interface PromptTemplate {
  /** Unique, compared without regard to case. */
  name: string;
  description: string;
  prompt: string;
  /** Values for placeholders the user may leave empty. */
  defaults: Record<string, string>;
}

/** Why a template cannot be saved or filled, in words for the user. */
export class TemplateError extends Error {}

const NAME = /^[A-Za-z][A-Za-z0-9 _-]{0,39}$/;
const IMAGE = /^image (\d{1,2})$/i;
const TOKEN = /\{\{|\}\}|\{([^{}]*)\}|[{}]/g;

/** The pieces of a prompt: text, a placeholder the user fills, or a reference image by number. */
type Piece = { text: string } | { name: string } | { image: number };

function pieces(prompt: string): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  for (const match of prompt.matchAll(TOKEN)) {
    if (match.index > last) out.push({ text: prompt.slice(last, match.index) });
    last = match.index + match[0].length;
    if (match[0] === '{{' || match[0] === '}}') {
      out.push({ text: match[0][0]! });
      continue;
    }
    if (match[1] === undefined) {
      throw new TemplateError(`The prompt has a lone "${match[0]}"; write ${match[0]}${match[0]} for a brace.`);
    }
    const inner = match[1].trim();
    const image = IMAGE.exec(inner);
    if (image) {
      const n = Number(image[1]);
      if (n < 1) throw new TemplateError(`Placeholder {${inner}} names no image: they count from {image 1}.`);
      out.push({ image: n });
    } else if (NAME.test(inner)) out.push({ name: inner.toLowerCase() });
    else {
      throw new TemplateError(
        `Placeholder {${match[1]}} is not a name: use letters, digits, spaces, - and _, starting with a letter.`,
      );
    }
  }
  if (last < prompt.length) out.push({ text: prompt.slice(last) });
  return out;
}

/** What a template asks for: its placeholders in order of first use, and how many references it names. */
export interface TemplateNeeds {
  placeholders: string[];
  images: number;
}

export function templateNeeds(prompt: string): TemplateNeeds {
  const placeholders: string[] = [];
  let images = 0;
  for (const piece of pieces(prompt)) {
    if ('name' in piece && !placeholders.includes(piece.name)) placeholders.push(piece.name);
    if ('image' in piece) images = Math.max(images, piece.image);
  }
  return { placeholders, images };
}

const list = (names: string[]) => (names.length ? names.map((n) => `{${n}}`).join(', ') : 'none');

/** A template as it can be kept: trimmed, names checked, defaults only for placeholders it has. */
export function checkTemplate(template: PromptTemplate): PromptTemplate {
  const name = template.name.trim();
  if (!NAME.test(name)) {
    throw new TemplateError(
      `A template's name is 1 to 40 letters, digits, spaces, - or _, starting with a letter; "${template.name}" is not.`,
    );
  }
  const prompt = template.prompt.trim();
  if (!prompt) throw new TemplateError(`Template "${name}" has an empty prompt.`);
  const { placeholders } = templateNeeds(prompt);
  const defaults: Record<string, string> = {};
  for (const [key, value] of Object.entries(template.defaults)) {
    const placeholder = key.trim().toLowerCase();
    if (!placeholders.includes(placeholder)) {
      throw new TemplateError(
        `Template "${name}" has a default for {${key}}, which its prompt does not use (its placeholders: ${list(placeholders)}).`,
      );
    }
    if (value.trim()) defaults[placeholder] = value.trim();
  }
  return { name, description: template.description.trim(), prompt, defaults };
}

/**
 * The prompt with every placeholder filled: `values` first, then the
 * template's defaults; `{image N}` becomes "image N", which is how the
 * references are introduced to the model. Refused, naming the placeholder,
 * when a value names a placeholder the template lacks or one is left empty,
 * and when the template names more images than `references` given.
 */
export function fillTemplate(template: PromptTemplate, values: Record<string, string>, references: number): string {
  const { placeholders, images } = templateNeeds(template.prompt);
  const given: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const placeholder = key.trim().toLowerCase();
    if (IMAGE.test(placeholder)) {
      throw new TemplateError(`{${key}} is filled by the reference images in order, not by a value.`);
    }
    if (!placeholders.includes(placeholder)) {
      throw new TemplateError(
        `Template "${template.name}" has no placeholder {${key}}; its placeholders are ${list(placeholders)}.`,
      );
    }
    if (value.trim()) given[placeholder] = value.trim();
  }
  const missing = placeholders.filter((p) => !given[p] && !template.defaults[p]);
  if (missing.length) {
    throw new TemplateError(`Template "${template.name}" needs a value for ${list(missing)}.`);
  }
  if (images > references) {
    throw new TemplateError(
      `Template "${template.name}" names {image ${images}}, so it needs at least ${images} reference image${images === 1 ? '' : 's'}; ${references} ${references === 1 ? 'was' : 'were'} given.`,
    );
  }
  return pieces(template.prompt)
    .map((piece) =>
      'text' in piece
        ? piece.text
        : 'image' in piece
          ? `image ${piece.image}`
          : (given[piece.name] ?? template.defaults[piece.name]!),
    )
    .join('');
}

/**
 * The panel's template form: which template, a field per placeholder (its
 * default shown as the field's hint), and the prompt it fills in, previewed as
 * it will be sent, or why it cannot be yet.
 */
import { useEffect } from 'react';
import { fillTemplate, templateNeeds } from '../../../../shared/promptTemplates';
import { SelectField } from '../../ui/SelectField';
import { useReferences } from '../references/referencesStore';
import { useChosenTemplate, useTemplates } from './templatesStore';

const NONE = '';

export function TemplatePicker() {
  const templates = useTemplates((s) => s.templates);
  const chosen = useTemplates((s) => s.chosen);
  const { templateChosen, templatesOpened } = useTemplates.getState();
  useEffect(() => {
    void templatesOpened();
  }, [templatesOpened]);
  return (
    <SelectField
      id="generation-template"
      label="Template"
      value={chosen ?? NONE}
      options={[
        { value: NONE, label: 'None: write the prompt' },
        ...templates.map((t) => ({ value: t.name, label: t.name })),
      ]}
      onChange={(name) => templateChosen(name === NONE ? null : name)}
    />
  );
}

export function TemplateFields() {
  const template = useChosenTemplate();
  const values = useTemplates((s) => s.values);
  const valueTyped = useTemplates((s) => s.valueTyped);
  const references = useReferences((s) => s.paths.length);
  if (!template) return null;
  const { placeholders, images } = templateNeeds(template.prompt);
  let preview: { prompt: string } | { why: string };
  try {
    preview = { prompt: fillTemplate(template, values, references) };
  } catch (err) {
    preview = { why: (err as Error).message };
  }
  return (
    <fieldset className="template-fields">
      <legend className="field-label">{template.description || template.name}</legend>
      {placeholders.map((p) => (
        <div className="field" key={p}>
          <label className="field-label" htmlFor={`template-value-${p}`}>
            {p}
          </label>
          <input
            id={`template-value-${p}`}
            className="input"
            value={values[p] ?? ''}
            placeholder={template.defaults[p] ?? 'required'}
            onChange={(e) => valueTyped(p, e.target.value)}
          />
        </div>
      ))}
      {images > 0 && (
        <p className="muted small-text">
          The references fill {images === 1 ? '{image 1}' : `{image 1} to {image ${images}}`}, in the tray’s order.
        </p>
      )}
      <p className={`small-text template-preview ${'why' in preview ? 'error' : ''}`} aria-label="Filled prompt">
        {'why' in preview ? preview.why : preview.prompt}
      </p>
    </fieldset>
  );
}

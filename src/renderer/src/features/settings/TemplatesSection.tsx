/**
 * Prompt templates in Settings: add, edit, duplicate and delete them, and
 * export them all as JSON (the file `atelier templates add --file` reads).
 * The editor finds the placeholders as the prompt is typed and offers a
 * default for each; main refuses a taken name or a bad placeholder by name.
 */
import { useEffect, useState } from 'react';
import { type PromptTemplate, templateNeeds } from '../../../../shared/promptTemplates';
import { useTemplates } from '../templates/templatesStore';

const EMPTY: PromptTemplate = { name: '', description: '', prompt: '', defaults: {} };

function placeholdersOf(prompt: string): { placeholders: string[]; problem: string | null } {
  try {
    return { placeholders: templateNeeds(prompt).placeholders, problem: null };
  } catch (err) {
    return { placeholders: [], problem: (err as Error).message };
  }
}

function TemplateEditor({
  start,
  replacing,
  onDone,
}: {
  start: PromptTemplate;
  replacing?: string;
  onDone: () => void;
}) {
  const [draft, setDraft] = useState(start);
  const templateSaved = useTemplates((s) => s.templateSaved);
  const { placeholders, problem } = placeholdersOf(draft.prompt);
  const save = async () => {
    const defaults = Object.fromEntries(
      placeholders.flatMap((p) => (draft.defaults[p] ? [[p, draft.defaults[p]]] : [])),
    );
    if (await templateSaved({ ...draft, defaults }, replacing)) onDone();
  };
  return (
    <form
      className="template-editor"
      aria-label={replacing ? `Edit template ${replacing}` : 'New template'}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label className="field-label" htmlFor="template-name">
        Name
      </label>
      <input
        id="template-name"
        className="input"
        value={draft.name}
        onChange={(e) => setDraft({ ...draft, name: e.target.value })}
      />
      <label className="field-label" htmlFor="template-description">
        Description
      </label>
      <input
        id="template-description"
        className="input"
        value={draft.description}
        onChange={(e) => setDraft({ ...draft, description: e.target.value })}
      />
      <label className="field-label" htmlFor="template-prompt">
        Template prompt
      </label>
      <textarea
        id="template-prompt"
        className="input textarea"
        rows={5}
        value={draft.prompt}
        placeholder="The {subject} from {image 1} as a {style} poster"
        onChange={(e) => setDraft({ ...draft, prompt: e.target.value })}
      />
      <p className={`small-text ${problem ? 'error' : 'muted'}`}>
        {problem ?? '{name} is a placeholder filled before generating; {image 1}, {image 2}… are the references.'}
      </p>
      {placeholders.map((p) => (
        <div className="field" key={p}>
          <label className="field-label" htmlFor={`template-default-${p}`}>
            Default for {p}
          </label>
          <input
            id={`template-default-${p}`}
            className="input"
            value={draft.defaults[p] ?? ''}
            placeholder="none: required"
            onChange={(e) => setDraft({ ...draft, defaults: { ...draft.defaults, [p]: e.target.value } })}
          />
        </div>
      ))}
      <div className="row">
        <button type="submit" className="button primary small" disabled={problem !== null}>
          Save template
        </button>
        <button type="button" className="button small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function exportTemplates(templates: PromptTemplate[]) {
  const blob = new Blob([`${JSON.stringify(templates, null, 2)}\n`], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = 'atelier-templates.json';
  link.click();
  URL.revokeObjectURL(link.href);
}

type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; template: PromptTemplate };

export function TemplatesSection() {
  const { templates, error } = useTemplates();
  const { templatesOpened, templateDuplicated, templateDeleted } = useTemplates.getState();
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  useEffect(() => {
    void templatesOpened();
  }, [templatesOpened]);
  return (
    <section className="settings-section" aria-labelledby="templates-title">
      <h3 id="templates-title">Prompt templates</h3>
      <ul className="template-list" aria-label="Templates">
        {templates.map((t) => (
          <li key={t.name}>
            <span className="template-name" title={t.description}>
              {t.name}
            </span>
            <button
              type="button"
              className="button small"
              aria-label={`Edit ${t.name}`}
              onClick={() => setEditing({ kind: 'edit', template: t })}
            >
              Edit
            </button>
            <button
              type="button"
              className="button small"
              aria-label={`Duplicate ${t.name}`}
              onClick={() => void templateDuplicated(t.name)}
            >
              Duplicate
            </button>
            <button
              type="button"
              className="button small"
              aria-label={`Delete ${t.name}`}
              onClick={() => void templateDeleted(t.name)}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="small-text error" role="alert">
          {error}
        </p>
      )}
      {editing.kind === 'none' ? (
        <div className="row">
          <button type="button" className="button small" onClick={() => setEditing({ kind: 'new' })}>
            New template
          </button>
          <button type="button" className="button small" onClick={() => exportTemplates(templates)}>
            Export as JSON
          </button>
        </div>
      ) : (
        <TemplateEditor
          key={editing.kind === 'edit' ? editing.template.name : ''}
          start={editing.kind === 'edit' ? editing.template : EMPTY}
          {...(editing.kind === 'edit' ? { replacing: editing.template.name } : {})}
          onDone={() => setEditing({ kind: 'none' })}
        />
      )}
    </section>
  );
}

/**
 * The generation panel, beside the reference tray: the prompt, the model and
 * its options, the "Generate" button, and the jobs with their results. Ctrl+Enter
 * (⌘+Enter) in the prompt generates.
 */
import { useEffect } from 'react';
import { estimateCost, formatUsd } from '../../../../shared/imageModels';
import { thumbnailUrl } from '../../api/client';
import { DRAG_RESULT, hasType } from '../../lib/dragTypes';
import { fileName } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { SelectField } from '../../ui/SelectField';
import { useGallery } from '../gallery/galleryStore';
import { useReferences } from '../references/referencesStore';
import { useSettings } from '../settings/settingsStore';
import { TemplateFields, TemplatePicker } from '../templates/TemplateFields';
import { useTemplates } from '../templates/templatesStore';
import { useGenerate } from './generateStore';
import { generationReadiness } from './generationReady';
import { useHistory } from './historyStore';
import { JobList } from './JobList';
import { PromptHistory } from './PromptHistory';
import './generate.css';

export function GeneratePanel() {
  const { prompt, aspectRatio, imageSize, thinkingLevel, count, libraryMatches, models, submission, editing, batch } =
    useGenerate();
  const { promptChanged, optionsChanged, modelChosen, generateSubmitted, panelOpened, editStopped } =
    useGenerate.getState();
  const view = useSettings((s) => s.view);
  const references = useReferences((s) => s.paths.length);
  const model = models.find((m) => m.id === view?.generationModel) ?? models[0];
  const template = useTemplates((s) => s.chosen);
  const readiness = generationReadiness(view, template ?? prompt);
  const blocked = readiness.ready ? null : readiness.why;
  const cost = model ? estimateCost(model, count, imageSize === 'auto' ? undefined : imageSize) : null;
  const usingEnvironmentKey = view?.geminiKeyFromEnvironment === true && !view.geminiApiKey.set;

  useEffect(() => {
    void panelOpened();
    void useHistory.getState().historyOpened();
  }, [panelOpened]);

  const recall = (direction: 'older' | 'newer') => {
    const recalled = useHistory.getState().stepped(direction);
    if (recalled !== null) promptChanged(recalled);
  };

  return (
    <section className="generate" aria-labelledby="generate-title">
      <div className="panel-head">
        <h2 id="generate-title" className="panel-title">
          Generate
        </h2>
        <span className="muted small-text">
          {references > 0 ? `${references} reference${references === 1 ? '' : 's'}` : 'no references'}
        </span>
        <button type="button" className="button small" onClick={useGallery.getState().galleryOpened}>
          <Icon name="gallery" size={14} /> Gallery
        </button>
      </div>
      <form
        className="generate-form"
        onSubmit={(e) => {
          e.preventDefault();
          void generateSubmitted();
        }}
      >
        {editing && (
          <div className="editing" role="status" aria-label="Editing">
            <img src={thumbnailUrl(editing)} alt="" />
            <span className="small-text ellipsis" title={editing}>
              Editing {fileName(editing)}: say what to change.
            </span>
            <button type="button" className="button small" onClick={editStopped}>
              Stop editing
            </button>
          </div>
        )}
        <TemplatePicker />
        <TemplateFields />
        {template === null && (
          <div className="field prompt-field">
            <div className="field-label-row">
              <label className="field-label" htmlFor="generation-prompt">
                Prompt
              </label>
              <PromptHistory
                onChosen={(chosen) => {
                  promptChanged(chosen);
                  document.getElementById('generation-prompt')?.focus();
                }}
              />
            </div>
            <textarea
              id="generation-prompt"
              className="input textarea"
              rows={4}
              value={prompt}
              placeholder="A figurine of the character in image 1, on a wooden desk, studio light"
              onChange={(e) => {
                useHistory.getState().typed();
                promptChanged(e.target.value);
              }}
              // A result dropped here becomes a reference; left to the textarea, it would be pasted as its path.
              onDragOver={(e) => {
                if (hasType(e, DRAG_RESULT)) e.preventDefault();
              }}
              onDrop={(e) => {
                const result = e.dataTransfer.getData(DRAG_RESULT);
                if (!result) return;
                e.preventDefault();
                useReferences.getState().referenceDropped(result);
              }}
              onKeyDown={(e) => {
                // Up in an empty box (or one showing a recalled prompt) steps back through earlier prompts.
                const recalling = prompt === '' || useHistory.getState().cursor >= 0;
                if (recalling && !e.shiftKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
                  e.preventDefault();
                  recall(e.key === 'ArrowUp' ? 'older' : 'newer');
                  return;
                }
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  void generateSubmitted();
                }
              }}
            />
          </div>
        )}
        <SelectField
          id="generation-model"
          label="Model"
          value={model?.id ?? ''}
          options={models.map((m) => ({ value: m.id, label: m.name }))}
          onChange={(id) => void modelChosen(id)}
        />
        <div className="field-row">
          <SelectField
            id="generation-aspect"
            label="Aspect ratio"
            value={aspectRatio}
            options={[
              { value: 'auto', label: 'Auto' },
              ...(model?.aspectRatios ?? []).map((r) => ({ value: r, label: r })),
            ]}
            onChange={(value) => optionsChanged({ aspectRatio: value })}
          />
          <div className="field narrow">
            <label className="field-label" htmlFor="generation-count">
              Images
            </label>
            <input
              id="generation-count"
              className="input"
              type="number"
              min={1}
              max={8}
              value={count}
              onChange={(e) => optionsChanged({ count: Math.max(1, Math.min(8, Number(e.target.value) || 1)) })}
            />
          </div>
        </div>
        {model && model.imageSizes.length > 0 && (
          <SelectField
            id="generation-size"
            label="Size"
            value={imageSize}
            options={[
              { value: 'auto', label: `Default${model.defaultSize ? ` (${model.defaultSize})` : ''}` },
              ...model.imageSizes.map((v) => ({ value: v, label: v === '512' ? '512 px' : v })),
            ]}
            onChange={(value) => optionsChanged({ imageSize: value })}
          />
        )}
        {model && model.thinkingLevels.length > 0 && (
          <SelectField
            id="generation-thinking"
            label="Thinking"
            value={thinkingLevel}
            options={[
              { value: 'auto', label: 'Default' },
              ...model.thinkingLevels.map((v) => ({ value: v, label: v === 'high' ? 'High' : 'Minimal' })),
            ]}
            onChange={(value) => optionsChanged({ thinkingLevel: value })}
          />
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={libraryMatches}
            onChange={(e) => optionsChanged({ libraryMatches: e.target.checked })}
          />
          Also use the library’s best matches for the prompt
        </label>
        <label className="check">
          <input type="checkbox" checked={batch} onChange={(e) => optionsChanged({ batch: e.target.checked })} />
          Batch (half price, slower)
        </label>
        <button
          type="submit"
          className="button primary wide"
          disabled={blocked !== null || submission.kind === 'sending'}
          aria-describedby="generate-hint"
        >
          <Icon name="sparkles" size={14} /> {submission.kind === 'sending' ? 'Preparing…' : 'Generate'}
        </button>
        <p
          id="generate-hint"
          className={`small-text ${submission.kind === 'failed' ? 'error' : 'muted'}`}
          role="status"
        >
          {submission.kind === 'failed' ? submission.message : (blocked ?? 'Ctrl+Enter in the prompt also generates.')}
        </p>
        <p className="muted small-text" id="generate-cost">
          {cost
            ? `Estimated cost ${formatUsd(cost.normalUsd)} (${formatUsd(cost.batchUsd)} by batch)`
            : 'No price is known for this model.'}
        </p>
        {usingEnvironmentKey && <p className="muted small-text">Using the key from GEMINI_API_KEY.</p>}
      </form>
      <JobList />
    </section>
  );
}

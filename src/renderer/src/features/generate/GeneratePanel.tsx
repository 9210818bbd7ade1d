/**
 * The generation panel, beside the reference tray: the prompt, the model and
 * its options, the "Generate" button, and the jobs with their results. Ctrl+Enter
 * (⌘+Enter) in the prompt generates.
 */
import { useEffect } from 'react';
import { ASPECT_RATIOS, IMAGE_SIZES, type AspectRatio, type ImageSize } from '../../../../shared/generation';
import { Icon } from '../../ui/Icon';
import { useReferences } from '../references/referencesStore';
import { useSettings } from '../settings/settingsStore';
import { JobList } from './JobList';
import { useGenerate } from './generateStore';

export function GeneratePanel() {
  const { prompt, aspectRatio, imageSize, count, libraryMatches, models, submission } = useGenerate();
  const { promptChanged, optionsChanged, modelChosen, generateSubmitted, panelOpened } = useGenerate.getState();
  const view = useSettings((s) => s.view);
  const references = useReferences((s) => s.paths.length);
  const model = models.find((m) => m.id === view?.generationModel) ?? models[0];
  const keySet = view?.geminiApiKey.set ?? false;
  const blocked = !keySet
    ? 'Add your Gemini API key in Settings to generate.'
    : !prompt.trim()
      ? 'Describe the image to make.'
      : null;

  useEffect(() => {
    void panelOpened();
  }, [panelOpened]);

  return (
    <section className="generate" aria-labelledby="generate-title">
      <div className="panel-head">
        <h2 id="generate-title" className="panel-title">
          Generate
        </h2>
        <span className="muted small-text">
          {references > 0 ? `${references} reference${references === 1 ? '' : 's'}` : 'no references'}
        </span>
      </div>
      <form
        className="generate-form"
        onSubmit={(e) => {
          e.preventDefault();
          void generateSubmitted();
        }}
      >
        <div className="field">
          <label className="field-label" htmlFor="generation-prompt">
            Prompt
          </label>
          <textarea
            id="generation-prompt"
            className="input textarea"
            rows={4}
            value={prompt}
            placeholder="A figurine of the character in image 1, on a wooden desk, studio light"
            onChange={(e) => promptChanged(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void generateSubmitted();
              }
            }}
          />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="generation-model">
            Model
          </label>
          <select
            id="generation-model"
            className="select"
            value={model?.id ?? ''}
            onChange={(e) => void modelChosen(e.target.value)}
          >
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field-row">
          <div className="field">
            <label className="field-label" htmlFor="generation-aspect">
              Aspect ratio
            </label>
            <select
              id="generation-aspect"
              className="select"
              value={aspectRatio}
              onChange={(e) => optionsChanged({ aspectRatio: e.target.value as AspectRatio | 'auto' })}
            >
              <option value="auto">Auto</option>
              {ASPECT_RATIOS.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </div>
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
        {model?.takesImageSize && (
          <div className="field">
            <label className="field-label" htmlFor="generation-size">
              Size
            </label>
            <select
              className="select"
              value={imageSize}
              onChange={(e) => optionsChanged({ imageSize: e.target.value as ImageSize })}
            >
              <option value="auto">Default</option>
              {IMAGE_SIZES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={libraryMatches}
            onChange={(e) => optionsChanged({ libraryMatches: e.target.checked })}
          />
          Also use the library’s best matches for the prompt
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
      </form>
      <JobList />
    </section>
  );
}

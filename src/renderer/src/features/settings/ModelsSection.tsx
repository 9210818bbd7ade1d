/**
 * The models: which one runs, each one's facts (licence, languages, recall, sizes), downloads with
 * progress, switching to another with the re-index's progress, pause and cancel, and import from a folder.
 */
import { type FormEvent, useState } from 'react';
import { describeLanguages } from '../../../../shared/languages';
import type { ModelStatus, ModelSwitchView } from '../../../../shared/types';
import { formatBytes } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { useLibrary } from '../library/libraryStore';
import { type Download, useSettings } from './settingsStore';
import './settings.css';

function DownloadState({ download }: { download: Download }) {
  if (download.kind === 'failed') return <span className="error small-text">{download.message}</span>;
  return (
    <progress
      className="progress"
      aria-label="Download progress"
      max={download.total || undefined}
      value={download.total ? download.received : undefined}
    />
  );
}

/** The facts a choice rests on, in one line. */
function modelFacts(model: ModelStatus): string {
  return [
    model.installed ? 'Installed' : 'Not installed',
    model.sizeBytes ? `download ${formatBytes(model.sizeBytes)}` : null,
    model.source === 'imported' ? 'imported' : null,
    model.license ? `licence ${model.license}` : null,
    `languages ${describeLanguages(model.languages)}`,
    model.recall !== undefined ? `recall ${model.recall}%` : null,
    model.bytes ? `vectors ${formatBytes(model.bytes)}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

function SwitchState({ view }: { view: ModelSwitchView }) {
  const { modelSwitchPauseToggled, modelSwitchCancelled } = useSettings.getState();
  return (
    <div className="model-switch" role="group" aria-label="Switch progress">
      <progress className="progress" aria-label="Re-index progress" max={view.total || undefined} value={view.done} />
      <span className="muted small-text">
        {view.done} of {view.total} images re-indexed{view.paused ? ' · paused' : ''}; searches use the current model
        until this is done
      </span>
      <button type="button" className="button small" onClick={() => void modelSwitchPauseToggled()}>
        {view.paused ? 'Resume' : 'Pause'}
      </button>
      <button type="button" className="button small" onClick={() => void modelSwitchCancelled()}>
        Cancel switch
      </button>
    </div>
  );
}

export function ModelsSection() {
  const models = useSettings((s) => s.models);
  const downloads = useSettings((s) => s.downloads);
  const modelSwitch = useSettings((s) => s.modelSwitch);
  const { downloadRequested, modelImportSubmitted, modelUseRequested } = useSettings.getState();
  const status = useLibrary((s) => s.status);
  const active = models.find((m) => m.active)?.id ?? (status.kind === 'ready' ? status.status.model : null);
  const provider = status.kind === 'ready' ? status.status.provider : null;
  const [folder, setFolder] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (folder.trim()) void modelImportSubmitted(folder.trim());
  };

  return (
    <section className="settings-section" aria-labelledby="models-title">
      <h3 id="models-title">Model</h3>
      <dl className="facts">
        <dt>In use</dt>
        <dd className="mono">{active ?? 'none'}</dd>
        <dt>Runs on</dt>
        <dd>
          {provider ? provider.provider.toUpperCase() : '—'}
          {provider?.threads && <span className="muted"> · {provider.threads} threads</span>}
          {provider?.fallbackReason && <span className="muted"> (fell back: {provider.fallbackReason})</span>}
        </dd>
      </dl>
      <ul className="model-list" aria-label="Models">
        {models.map((model) => {
          const download = downloads[model.id];
          return (
            <li key={model.id} className="model-row">
              <div className="model-text">
                <span>{model.name}</span>
                <span className="muted small-text">{modelFacts(model)}</span>
                {download && <DownloadState download={download} />}
                {modelSwitch?.model === model.id && <SwitchState view={modelSwitch} />}
              </div>
              {model.active ? (
                <span className="small-text">In use</span>
              ) : (
                modelSwitch?.model !== model.id &&
                download?.kind !== 'downloading' &&
                (model.installed || model.source === 'registry') && (
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Use ${model.name}`}
                    onClick={() => void modelUseRequested(model.id)}
                  >
                    Use
                  </button>
                )
              )}
              {!model.installed && model.source === 'registry' && download?.kind !== 'downloading' && (
                <button
                  type="button"
                  className="button small"
                  aria-label={`Download ${model.name}`}
                  onClick={() => void downloadRequested(model.id)}
                >
                  <Icon name="download" size={14} /> Download
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <form className="inline-form" onSubmit={submit}>
        <label className="field-label" htmlFor="model-folder">
          Import a model from a folder
        </label>
        <div className="add-folder-row">
          <input
            id="model-folder"
            className="input mono"
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            placeholder="/mnt/share/clip-vit-base-patch32"
            spellCheck={false}
          />
          <button type="submit" className="button" disabled={!folder.trim()}>
            Import
          </button>
        </div>
      </form>
    </section>
  );
}

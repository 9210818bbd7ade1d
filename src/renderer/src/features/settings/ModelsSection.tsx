/** The models: which one runs, which are installed, downloads with progress, and import from a folder. */
import { type FormEvent, useState } from 'react';
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

export function ModelsSection() {
  const models = useSettings((s) => s.models);
  const downloads = useSettings((s) => s.downloads);
  const { downloadRequested, modelImportSubmitted } = useSettings.getState();
  const status = useLibrary((s) => s.status);
  const active = status.kind === 'ready' ? status.status.model : null;
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
                <span className="muted small-text">
                  {model.installed ? 'Installed' : 'Not installed'}
                  {model.sizeBytes ? ` · ${formatBytes(model.sizeBytes)}` : ''}
                  {model.source === 'imported' ? ' · imported' : ''}
                </span>
                {download && <DownloadState download={download} />}
              </div>
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

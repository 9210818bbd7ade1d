/**
 * Where the vectors are searched: the embedded index or a Milvus server. Shows
 * the store in use and how it is doing, tests a server before switching, and
 * switches with a progress bar (every vector is copied, nothing re-embedded).
 */
import { useEffect } from 'react';
import type { StoreTestResult, VectorStoreView } from '../../../../shared/types';
import { useSettings } from './settingsStore';
import { type SwitchState, useVectorStore } from './vectorStoreState';
import './settings.css';

function describe(view: VectorStoreView): string {
  const where = view.milvus
    ? `Milvus at ${view.milvus.uri}, database ${view.milvus.database}, collections ${view.milvus.collectionPrefix}_…`
    : 'Embedded, in the data folder on this computer';
  const health = { ok: 'reachable', syncing: 'sending changes', down: 'not reachable', unknown: 'not checked yet' };
  const waiting = view.pending ? ` · ${view.pending.toLocaleString()} changes waiting to be sent` : '';
  return `${where} · ${health[view.health]}${waiting}`;
}

function TestAnswer({ result }: { result: StoreTestResult }) {
  if (result.ok) return <span className="small-text">Reachable: Milvus {result.serverVersion}</span>;
  const what = { down: 'Not reachable', auth: 'Refused', tls: 'TLS failed', invalid: 'Not a URI', error: 'Failed' };
  return (
    <span className="small-text error">
      {what[result.reason]}: {result.message}
    </span>
  );
}

function SwitchProgress({ switching }: { switching: SwitchState }) {
  if (switching.kind === 'failed') {
    return (
      <p className="small-text error" role="alert">
        {switching.message}
      </p>
    );
  }
  if (switching.kind === 'switched') {
    return (
      <p className="small-text">
        Switched: searches now use {switching.to === 'milvus' ? 'Milvus' : 'the embedded index'}.
      </p>
    );
  }
  if (switching.kind !== 'copying' && switching.kind !== 'starting') return null;
  const copying = switching.kind === 'copying' ? switching : null;
  return (
    <div className="progress-block">
      <progress
        className="progress"
        aria-label="Switch progress"
        max={copying?.total || undefined}
        value={copying?.total ? copying.done : undefined}
      />
      <span className="small-text muted">
        {copying?.total
          ? `Copying ${copying.done.toLocaleString()} of ${copying.total.toLocaleString()} vectors (${copying.model})`
          : 'Starting…'}
      </span>
    </div>
  );
}

export function VectorStoreSection() {
  const fromSettings = useSettings((s) => s.view?.vectorStore);
  const { current, form, test, switching } = useVectorStore();
  const { viewReceived, formChanged, testRequested, switchRequested } = useVectorStore.getState();
  useEffect(() => {
    if (fromSettings) viewReceived(fromSettings);
  }, [fromSettings, viewReceived]);
  if (!current) return null;

  const milvus = form.kind === 'milvus';
  const busy = switching.kind === 'starting' || switching.kind === 'copying';
  const tokenKept = current.milvus?.tokenSet && current.milvus.uri === form.uri.trim();
  const same = form.kind === 'embedded' && current.kind === 'embedded';
  return (
    <section className="settings-section" aria-labelledby="store-title">
      <h3 id="store-title">Vector store</h3>
      <p
        className={`small-text ${current.health === 'down' ? 'error' : 'muted'}`}
        role="status"
        aria-label="Store in use"
      >
        {describe(current)}
        {current.health === 'down' && current.message ? `: ${current.message}` : ''}
      </p>
      <fieldset className="radio-group" disabled={busy}>
        <legend className="visually-hidden">Where vectors are kept</legend>
        <label className="radio">
          <input type="radio" name="store" checked={!milvus} onChange={() => formChanged({ kind: 'embedded' })} />
          <span>
            Embedded <span className="muted">— in the data folder, on this computer</span>
          </span>
        </label>
        <label className="radio">
          <input type="radio" name="store" checked={milvus} onChange={() => formChanged({ kind: 'milvus' })} />
          <span>
            Milvus <span className="muted">— a shared server for a studio</span>
          </span>
        </label>
      </fieldset>
      {milvus && (
        <div className="settings-grid">
          <label className="field-label" htmlFor="milvus-uri">
            Milvus URI
          </label>
          <input
            id="milvus-uri"
            className="input mono"
            value={form.uri}
            disabled={busy}
            onChange={(e) => formChanged({ uri: e.target.value })}
            placeholder="http://milvus.studio.lan:19530"
          />
          <label className="field-label" htmlFor="milvus-token">
            Token
          </label>
          <input
            id="milvus-token"
            className="input mono"
            type="password"
            autoComplete="off"
            value={form.token}
            disabled={busy}
            onChange={(e) => formChanged({ token: e.target.value })}
            placeholder={tokenKept ? 'Saved token kept' : 'user:password or API key'}
          />
          <label className="field-label" htmlFor="milvus-database">
            Database
          </label>
          <input
            id="milvus-database"
            className="input mono"
            value={form.database}
            disabled={busy}
            onChange={(e) => formChanged({ database: e.target.value })}
            placeholder="default"
          />
        </div>
      )}
      <div className="button-row">
        {milvus && (
          <button
            type="button"
            className="button"
            disabled={busy || test.kind === 'testing' || !form.uri.trim()}
            onClick={() => void testRequested()}
          >
            {test.kind === 'testing' ? 'Testing…' : 'Test connection'}
          </button>
        )}
        <button
          type="button"
          className="button primary"
          disabled={busy || same || (milvus && !form.uri.trim())}
          onClick={() => void switchRequested()}
        >
          Switch
        </button>
        <span role="status" aria-label="Connection test">
          {test.kind === 'answered' && <TestAnswer result={test.result} />}
        </span>
      </div>
      <SwitchProgress switching={switching} />
    </section>
  );
}

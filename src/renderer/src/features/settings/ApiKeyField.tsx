/** The Gemini API key: sent to main once, kept there, shown back only as its last four characters. */
import { type FormEvent, useState } from 'react';
import { useSettings } from './settingsStore';
import './settings.css';

export function ApiKeyField() {
  const view = useSettings((s) => s.view);
  const settingChanged = useSettings((s) => s.settingChanged);
  const [key, setKey] = useState('');
  if (!view) return null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!key.trim()) return;
    void settingChanged({ geminiApiKey: key.trim() }, 'API key saved');
    setKey('');
  };

  return (
    <section className="settings-section" aria-labelledby="gemini-title">
      <h3 id="gemini-title">Image generation (Gemini)</h3>
      <p className="muted small-text">
        {view.geminiApiKey.set ? (
          <>
            A key ending in <strong className="mono">…{view.geminiApiKey.last4}</strong> is saved
          </>
        ) : view.geminiKeyFromEnvironment ? (
          'No key saved here; generation uses the key from GEMINI_API_KEY. A key saved'
        ) : (
          'No key saved'
        )}
        {view.keyStorage === 'os-encrypted'
          ? ', encrypted by your system’s keychain.'
          : ' in settings.json in the data folder (readable only by you).'}{' '}
        It is used for generation only and never shown again in full.
      </p>
      <form className="add-folder-row" onSubmit={submit}>
        <input
          className="input mono"
          type="password"
          aria-label="Gemini API key"
          placeholder={view.geminiApiKey.set ? 'Replace the key' : 'Paste a key'}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          autoComplete="off"
        />
        <button type="submit" className="button" disabled={!key.trim()}>
          Save key
        </button>
        {view.geminiApiKey.set && (
          <button
            type="button"
            className="button"
            onClick={() => void settingChanged({ geminiApiKey: null }, 'API key removed')}
          >
            Remove
          </button>
        )}
      </form>
    </section>
  );
}

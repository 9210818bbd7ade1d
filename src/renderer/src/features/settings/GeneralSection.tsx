/** Data folder, theme, and how many results a search asks for. */
import type { ThemePreference } from '../../../../shared/types';
import { useSettings } from './settingsStore';
import './settings.css';

const LIMITS = [100, 500, 2000, 10_000, 100_000];

export function GeneralSection() {
  const view = useSettings((s) => s.view);
  const settingChanged = useSettings((s) => s.settingChanged);
  if (!view) return null;
  return (
    <section className="settings-section" aria-labelledby="general-title">
      <h3 id="general-title">General</h3>
      <dl className="facts">
        <dt>Data folder</dt>
        <dd className="mono selectable">{view.dataDir}</dd>
      </dl>
      <div className="settings-grid">
        <label className="field-label" htmlFor="theme">
          Theme
        </label>
        <select
          id="theme"
          className="select"
          value={view.theme}
          onChange={(e) => void settingChanged({ theme: e.target.value as ThemePreference })}
        >
          <option value="system">Follow the system</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
        <label className="field-label" htmlFor="result-limit">
          Results per search
        </label>
        <select
          id="result-limit"
          className="select"
          value={view.resultLimit}
          onChange={(e) => void settingChanged({ resultLimit: Number(e.target.value) })}
        >
          {[...new Set([...LIMITS, view.resultLimit])]
            .sort((a, b) => a - b)
            .map((n) => (
              <option key={n} value={n}>
                {n.toLocaleString()}
              </option>
            ))}
        </select>
      </div>
    </section>
  );
}

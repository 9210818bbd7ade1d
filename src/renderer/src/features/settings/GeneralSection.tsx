/** Data folder, theme, how many results a search asks for, and how videos are sampled when indexed. */
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
        <label className="field-label" htmlFor="video-interval">
          Video: a frame at least every (seconds)
        </label>
        <input
          id="video-interval"
          className="input"
          type="number"
          min={0.5}
          max={3600}
          step={0.5}
          defaultValue={view.videoInterval}
          onBlur={(e) => {
            const s = Number(e.target.value);
            if (s >= 0.5 && s <= 3600 && s !== view.videoInterval) void settingChanged({ videoInterval: s });
          }}
        />
        <label className="field-label" htmlFor="video-max-frames">
          Video: at most frames per video
        </label>
        <input
          id="video-max-frames"
          className="input"
          type="number"
          min={1}
          max={1000}
          step={1}
          defaultValue={view.videoMaxFrames}
          onBlur={(e) => {
            const n = Number(e.target.value);
            if (Number.isInteger(n) && n >= 1 && n <= 1000 && n !== view.videoMaxFrames) {
              void settingChanged({ videoMaxFrames: n });
            }
          }}
        />
      </div>
    </section>
  );
}

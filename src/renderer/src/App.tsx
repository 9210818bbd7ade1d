/** The app shell: header with the search box, library on the left, results, reference tray, status bar. */
import { useEffect, useState } from 'react';
import { subscribeBrowse } from './features/browse/browseStore';
import { GeneratePanel } from './features/generate/GeneratePanel';
import { subscribeGenerateEvents } from './features/generate/generateStore';
import { HistoryButtons } from './features/history/HistoryButtons';
import { subscribeHistory } from './features/history/historyStore';
import { LibraryPanel } from './features/library/LibraryPanel';
import { subscribeLibraryEvents, useLibrary } from './features/library/libraryStore';
import { ReferenceTray } from './features/references/ReferenceTray';
import { ResultsPane } from './features/results/ResultsPane';
import { SearchBar } from './features/search/SearchBar';
import { SettingsDialog } from './features/settings/SettingsDialog';
import { subscribeSettingsEvents, useSettings } from './features/settings/settingsStore';
import { StatusBar } from './features/status/StatusBar';
import { DRAG_RESULT, hasType } from './lib/dragTypes';
import { Icon } from './ui/Icon';

function useTheme(): void {
  const theme = useSettings((s) => s.view?.theme ?? 'system');
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}

/**
 * Below about 1200 px the side panels leave the grid its width: each opens from its toggle in the
 * header, over the results, and closes with the toggle or Escape.
 */
type Side = 'library' | 'references' | null;
/** Where the side panels fold away (layout.css). */
const FOLDED = '(max-width: 1199px)';

function PanelToggle({
  side,
  open,
  onToggle,
  label,
}: {
  side: Side;
  open: Side;
  onToggle: (side: Side) => void;
  label: string;
}) {
  return (
    <button
      type="button"
      className={`button small panel-toggle${open === side ? ' on' : ''}`}
      aria-expanded={open === side}
      aria-controls={`${side}-panel`}
      onClick={() => onToggle(open === side ? null : side)}
    >
      {label}
    </button>
  );
}

export function App() {
  const dialogOpened = useSettings((s) => s.dialogOpened);
  const [open, setOpen] = useState<Side>(null);
  useTheme();

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  // A result dragged while the references are folded away opens them, so it has somewhere to go.
  useEffect(() => {
    const onDragStart = (event: DragEvent) => {
      if (hasType(event, DRAG_RESULT) && matchMedia(FOLDED).matches) {
        setOpen('references');
      }
    };
    window.addEventListener('dragstart', onDragStart);
    return () => window.removeEventListener('dragstart', onDragStart);
  }, []);

  useEffect(() => {
    const stops = [
      subscribeLibraryEvents(),
      subscribeSettingsEvents(),
      subscribeGenerateEvents(),
      subscribeBrowse(),
      subscribeHistory(),
    ];
    void useLibrary.getState().statusRequested();
    void useSettings.getState().settingsRequested();
    return () => stops.forEach((stop) => stop());
  }, []);

  return (
    <div className="shell">
      <header className="shell-header">
        <PanelToggle side="library" open={open} onToggle={setOpen} label="Library" />
        <h1 className="brand">Atelier</h1>
        <HistoryButtons />
        <SearchBar />
        <PanelToggle side="references" open={open} onToggle={setOpen} label="References" />
        <button type="button" className="icon-button" aria-label="Settings" title="Settings" onClick={dialogOpened}>
          <Icon name="settings" />
        </button>
      </header>
      <div className={`shell-body${open ? ` ${open}-open` : ''}`}>
        <LibraryPanel />
        <ResultsPane />
        <div className="right-column" id="references-panel">
          <ReferenceTray />
          <GeneratePanel />
        </div>
      </div>
      <StatusBar />
      <SettingsDialog />
    </div>
  );
}

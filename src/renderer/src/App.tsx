/** The app shell: header with the search box, library on the left, results, reference tray, status bar. */
import { useEffect } from 'react';
import { subscribeBrowse } from './features/browse/browseStore';
import { GalleryDialog } from './features/gallery/GalleryDialog';
import { GeneratePanel } from './features/generate/GeneratePanel';
import { subscribeGenerateEvents } from './features/generate/generateStore';
import { LibraryPanel } from './features/library/LibraryPanel';
import { subscribeLibraryEvents, useLibrary } from './features/library/libraryStore';
import { ListPreviewDialog } from './features/preview/ListPreviewDialog';
import { ReferenceTray } from './features/references/ReferenceTray';
import { ResultsPane } from './features/results/ResultsPane';
import { SearchBar } from './features/search/SearchBar';
import { SettingsDialog } from './features/settings/SettingsDialog';
import { subscribeSettingsEvents, useSettings } from './features/settings/settingsStore';
import { StatusBar } from './features/status/StatusBar';
import { Icon } from './ui/Icon';

function useTheme(): void {
  const theme = useSettings((s) => s.view?.theme ?? 'system');
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}

export function App() {
  const dialogOpened = useSettings((s) => s.dialogOpened);
  useTheme();

  useEffect(() => {
    const stops = [subscribeLibraryEvents(), subscribeSettingsEvents(), subscribeGenerateEvents(), subscribeBrowse()];
    void useLibrary.getState().statusRequested();
    void useSettings.getState().settingsRequested();
    return () => stops.forEach((stop) => stop());
  }, []);

  return (
    <div className="shell">
      <header className="shell-header">
        <h1 className="brand">Atelier</h1>
        <SearchBar />
        <button type="button" className="icon-button" aria-label="Settings" title="Settings" onClick={dialogOpened}>
          <Icon name="settings" />
        </button>
      </header>
      <div className="shell-body">
        <LibraryPanel />
        <ResultsPane />
        <div className="right-column">
          <ReferenceTray />
          <GeneratePanel />
        </div>
      </div>
      <StatusBar />
      <SettingsDialog />
      <GalleryDialog />
      <ListPreviewDialog />
    </div>
  );
}

/** The app shell: header with the search box, library on the left, results, reference tray, status bar. */
import { useEffect } from 'react';
import { AutoTagsDialog } from './features/autotags/AutoTagsDialog';
import { useAutoTags } from './features/autotags/autoTagsStore';
import { subscribeBrowse } from './features/browse/browseStore';
import { DuplicatesDialog } from './features/duplicates/DuplicatesDialog';
import { useDuplicates } from './features/duplicates/duplicatesStore';
import { GalleryDialog } from './features/gallery/GalleryDialog';
import { GeneratePanel } from './features/generate/GeneratePanel';
import { subscribeGenerateEvents } from './features/generate/generateStore';
import { HistoryButtons } from './features/history/HistoryButtons';
import { subscribeHistory } from './features/history/historyStore';
import { PanelToggle, useFoldedPanels } from './features/layout/foldedPanels';
import { LibraryPanel } from './features/library/LibraryPanel';
import { subscribeLibraryEvents, useLibrary } from './features/library/libraryStore';
import { ListPreviewDialog } from './features/preview/ListPreviewDialog';
import { ReferenceTray } from './features/references/ReferenceTray';
import { ResultsPane } from './features/results/ResultsPane';
import { SearchBar } from './features/search/SearchBar';
import { useSelection } from './features/selection/selectionStore';
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
  const [open, setOpen] = useFoldedPanels();
  useTheme();

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
        <button
          type="button"
          className="icon-button"
          aria-label="Auto-tags"
          title="Auto-tags: tag every image that matches a description (the selected results become examples)"
          onClick={() => void useAutoTags.getState().dialogOpened([...useSelection.getState().selected])}
        >
          <Icon name="sparkles" />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Duplicates"
          title="Review duplicates: exact copies and images that look alike"
          onClick={() => void useDuplicates.getState().reviewOpened()}
        >
          <Icon name="similar" />
        </button>
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
      <GalleryDialog />
      <DuplicatesDialog />
      <AutoTagsDialog />
      <ListPreviewDialog />
    </div>
  );
}

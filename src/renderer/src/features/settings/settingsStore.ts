/**
 * Settings, models and their downloads, and the settings dialog's state. The
 * API key is sent once and never comes back: the view holds its last 4 characters.
 */
import { create } from 'zustand';
import type { AtelierApi } from '../../../../shared/contract';
import type { DownloadProgress, ModelStatus, ModelSwitchView, SettingsView } from '../../../../shared/types';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/format';
import { subscribeVectorStoreEvents, useVectorStore } from './vectorStoreState';

type SettingsPatch = Parameters<AtelierApi['settings']['update']>[0];

export type Download =
  { kind: 'downloading'; jobId: string; received: number; total: number } | { kind: 'failed'; message: string };

export type Dialog = { kind: 'closed' } | { kind: 'open' };

interface SettingsState {
  view: SettingsView | null;
  models: ModelStatus[];
  downloads: Record<string, Download>;
  /** The switch to another model in progress (from any process), or null. */
  modelSwitch: ModelSwitchView | null;
  dialog: Dialog;
  /** The outcome of the last change, shown in the dialog. */
  message: { kind: 'ok' | 'error'; text: string } | null;

  settingsRequested: () => Promise<void>;
  settingChanged: (patch: SettingsPatch, done?: string) => Promise<void>;
  modelsRequested: () => Promise<void>;
  downloadRequested: (id: string) => Promise<void>;
  downloadProgressed: (progress: DownloadProgress) => void;
  downloadEnded: (jobId: string, failure?: string) => void;
  modelImportSubmitted: (path: string) => Promise<void>;
  modelUseRequested: (id: string) => Promise<void>;
  modelSwitchProgressed: (view: ModelSwitchView | null) => void;
  modelSwitchPauseToggled: () => Promise<void>;
  modelSwitchCancelled: () => Promise<void>;
  modelSwitchEnded: (failure?: string) => void;
  dialogOpened: () => void;
  dialogClosed: () => void;
}

export const useSettings = create<SettingsState>()((set, get) => ({
  view: null,
  models: [],
  downloads: {},
  modelSwitch: null,
  dialog: { kind: 'closed' },
  message: null,

  async settingsRequested() {
    try {
      const view = await api.settings.get({});
      set({ view });
      useVectorStore.getState().viewReceived(view.vectorStore);
    } catch (err) {
      set({ message: { kind: 'error', text: errorMessage(err) } });
    }
  },

  async settingChanged(patch, done = 'Saved') {
    try {
      set({ view: await api.settings.update(patch), message: { kind: 'ok', text: done } });
    } catch (err) {
      set({ message: { kind: 'error', text: errorMessage(err) } });
    }
  },

  async modelsRequested() {
    try {
      const [models, modelSwitch] = await Promise.all([api.models.list({}), api.models.switchStatus({})]);
      set({ models, modelSwitch });
    } catch (err) {
      set({ message: { kind: 'error', text: errorMessage(err) } });
    }
  },

  async downloadRequested(id) {
    try {
      const { jobId } = await api.models.download({ id });
      set({ downloads: { ...get().downloads, [id]: { kind: 'downloading', jobId, received: 0, total: 0 } } });
    } catch (err) {
      set({ downloads: { ...get().downloads, [id]: { kind: 'failed', message: errorMessage(err) } } });
    }
  },

  downloadProgressed(progress) {
    const current = get().downloads[progress.modelId];
    if (current?.kind !== 'downloading') return;
    set({
      downloads: {
        ...get().downloads,
        [progress.modelId]: { ...current, received: progress.receivedBytes, total: progress.totalBytes },
      },
    });
  },

  downloadEnded(jobId, failure) {
    const downloads = { ...get().downloads };
    for (const [id, download] of Object.entries(downloads)) {
      if (download.kind !== 'downloading' || download.jobId !== jobId) continue;
      if (failure) downloads[id] = { kind: 'failed', message: failure };
      else delete downloads[id];
    }
    set({ downloads });
    void get().modelsRequested();
  },

  async modelImportSubmitted(path) {
    try {
      const model = await api.models.import({ path });
      set({ message: { kind: 'ok', text: `Imported ${model.name}` } });
    } catch (err) {
      set({ message: { kind: 'error', text: errorMessage(err) } });
    }
    await get().modelsRequested();
  },

  async modelUseRequested(id) {
    try {
      const start = await api.models.use({ id });
      if (start.switched) set({ message: { kind: 'ok', text: `Searches now use ${start.model}` } });
    } catch (err) {
      set({ message: { kind: 'error', text: errorMessage(err) } });
    }
    await get().modelsRequested();
  },

  modelSwitchProgressed: (view) => set({ modelSwitch: view }),

  async modelSwitchPauseToggled() {
    try {
      const paused = get().modelSwitch?.paused;
      set({ modelSwitch: await (paused ? api.models.resumeSwitch({}) : api.models.pauseSwitch({})) });
    } catch (err) {
      set({ message: { kind: 'error', text: errorMessage(err) } });
    }
  },

  async modelSwitchCancelled() {
    try {
      await api.models.cancelSwitch({});
    } catch (err) {
      set({ message: { kind: 'error', text: errorMessage(err) } });
    }
    await get().modelsRequested();
  },

  modelSwitchEnded(failure) {
    set({ modelSwitch: null, ...(failure ? { message: { kind: 'error' as const, text: failure } } : {}) });
    void get().modelsRequested();
  },

  dialogOpened() {
    set({ dialog: { kind: 'open' }, message: null });
    void get().modelsRequested();
  },
  dialogClosed: () => set({ dialog: { kind: 'closed' } }),
}));

/** How many model downloads are under way (for the status bar). */
export const useActiveDownloads = (): number =>
  useSettings((s) => Object.values(s.downloads).filter((d) => d.kind === 'downloading').length);

export function subscribeSettingsEvents(): () => void {
  const { downloadProgressed, downloadEnded, modelSwitchProgressed, modelSwitchEnded } = useSettings.getState();
  const stops = [
    api.on('models.switchProgress', modelSwitchProgressed),
    api.on('models.switched', () => modelSwitchEnded()),
    api.on('models.switchFailed', ({ message }) => modelSwitchEnded(`The switch failed: ${message}`)),
    api.on('models.downloadProgress', downloadProgressed),
    api.on('models.downloaded', ({ jobId }) => downloadEnded(jobId)),
    api.on('models.failed', ({ jobId, message }) => downloadEnded(jobId, message)),
    subscribeVectorStoreEvents(),
  ];
  return () => stops.forEach((stop) => stop());
}

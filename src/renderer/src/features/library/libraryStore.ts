/**
 * The library: its status (folders and counts) and the indexing job the user
 * started, as a discriminated union. Actions are named after what happened.
 *
 * Pause is honest about what it is: the job stops after the batch in flight
 * (everything committed stays), and Resume starts indexing the same folders
 * again, which skips every file already done.
 */
import { create } from 'zustand';
import type { IndexProgress, IndexSummary, LibraryStatus, SkippedFile } from '../../../../shared/types';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/format';
import { useSearch } from '../search/searchStore';

export type StatusState =
  { kind: 'loading' } | { kind: 'ready'; status: LibraryStatus } | { kind: 'failed'; message: string };

export type IndexJob =
  | { kind: 'idle' }
  | { kind: 'starting'; folders: string[] }
  | { kind: 'running'; jobId: string; folders: string[]; progress: IndexProgress | null }
  | { kind: 'stopping'; jobId: string; folders: string[]; progress: IndexProgress | null; then: 'pause' | 'cancel' }
  | { kind: 'paused'; folders: string[]; progress: IndexProgress | null }
  | { kind: 'finished'; summary: IndexSummary; cancelled: boolean }
  | { kind: 'failed'; folders: string[]; message: string };

export type SkippedState =
  { kind: 'loading' } | { kind: 'ready'; files: SkippedFile[] } | { kind: 'failed'; message: string };

interface LibraryState {
  status: StatusState;
  job: IndexJob;
  /** Skipped files of the folders whose list is open. */
  skipped: Record<string, SkippedState>;
  /** An error of the last folder action (remove, pick), shown beside the folders. */
  notice: string | null;
  /**
   * A folder confirmed for removal, hidden already but removed only once the time to undo it has
   * passed: undoing then costs nothing (no re-indexing, its tags and ratings intact).
   */
  leaving: { folder: string; files: number } | null;

  statusRequested: () => Promise<void>;
  folderSubmitted: (folder: string) => Promise<void>;
  folderPickRequested: () => Promise<void>;
  progressReceived: (progress: IndexProgress) => void;
  indexFinished: (jobId: string, summary: IndexSummary, quiet?: boolean) => void;
  indexFailed: (jobId: string, message: string, quiet?: boolean) => void;
  pauseRequested: () => Promise<void>;
  resumeRequested: () => Promise<void>;
  cancelRequested: () => Promise<void>;
  folderRemoved: (folder: string) => Promise<void>;
  /** Removal was confirmed: the folder leaves after UNDO_MS unless undone. */
  removalConfirmed: (folder: string, files: number) => void;
  removalUndone: () => void;
  watchToggled: (folder: string, watch: boolean) => Promise<void>;
  skippedToggled: (folder: string) => Promise<void>;
  noticeDismissed: () => void;
}

/** The job a running-ish state refers to, if any. */
function jobIdOf(job: IndexJob): string | null {
  return job.kind === 'running' || job.kind === 'stopping' ? job.jobId : null;
}

/** How long a removed folder can be brought back. */
export const UNDO_MS = 6000;
let leavingTimer: ReturnType<typeof setTimeout> | undefined;
/** How often the library's counts are asked for while text is read. */
const COUNT_EVERY_MS = 3000;
let lastCounted = 0;

export const useLibrary = create<LibraryState>()((set, get) => {
  const startIndexing = async (folders: string[]): Promise<void> => {
    set({ job: { kind: 'starting', folders }, notice: null });
    try {
      const { jobId } = await api.library.index({ folders });
      const job = get().job;
      // Events may have arrived before the reply: keep what they said.
      if (job.kind === 'starting') set({ job: { kind: 'running', jobId, folders, progress: null } });
    } catch (err) {
      set({ job: { kind: 'failed', folders, message: errorMessage(err) } });
    }
  };

  const stop = async (then: 'pause' | 'cancel'): Promise<void> => {
    const job = get().job;
    if (job.kind !== 'running') return;
    set({ job: { ...job, kind: 'stopping', then } });
    await api.library.cancel({ jobId: job.jobId });
  };

  return {
    status: { kind: 'loading' },
    job: { kind: 'idle' },
    skipped: {},
    notice: null,
    leaving: null,

    async statusRequested() {
      try {
        set({ status: { kind: 'ready', status: await api.library.status({}) } });
      } catch (err) {
        if (get().status.kind !== 'ready') set({ status: { kind: 'failed', message: errorMessage(err) } });
      }
    },

    folderSubmitted: (folder) => startIndexing([folder.trim()]),

    async folderPickRequested() {
      try {
        const { path } = await api.library.pickFolder({});
        if (path) await startIndexing([path]);
      } catch (err) {
        set({ notice: errorMessage(err) });
      }
    },

    progressReceived(progress) {
      // An upload's index: nothing to follow or cancel; its end brings the counts up to date.
      if (progress.quiet) return;
      const job = get().job;
      const before = job.kind === 'running' || job.kind === 'stopping' ? job.progress?.phase : undefined;
      if (job.kind === 'starting') {
        set({ job: { kind: 'running', jobId: progress.jobId, folders: job.folders, progress } });
      } else if (job.kind === 'idle' || job.kind === 'finished' || job.kind === 'failed') {
        // A job this window did not start (one resumed when the app started, a watched folder's):
        // shown all the same, so it can be followed and cancelled.
        set({ job: { kind: 'running', jobId: progress.jobId, folders: [], progress } });
      } else if ((job.kind === 'running' || job.kind === 'stopping') && job.jobId === progress.jobId) {
        set({ job: { ...job, progress } });
      } else {
        return;
      }
      // A new phase: the folder is in the library now and its counts have moved, so show them. While
      // text is read the count of images read moves with every batch: shown every few seconds.
      const now = Date.now();
      if (progress.phase !== before || (progress.phase === 'reading' && now - lastCounted >= COUNT_EVERY_MS)) {
        lastCounted = now;
        void get().statusRequested();
      }
    },

    indexFinished(jobId, summary, quiet) {
      const job = get().job;
      if (!quiet && (jobIdOf(job) === jobId || job.kind === 'starting')) {
        if (job.kind === 'stopping' && job.then === 'pause') {
          set({ job: { kind: 'paused', folders: job.folders, progress: job.progress } });
        } else {
          set({ job: { kind: 'finished', summary, cancelled: job.kind === 'stopping' } });
        }
      }
      set({ skipped: {} });
      void get().statusRequested();
    },

    indexFailed(jobId, message, quiet) {
      const job = get().job;
      if (!quiet && (jobIdOf(job) === jobId || job.kind === 'starting')) {
        const folders = job.kind === 'starting' || job.kind === 'running' || job.kind === 'stopping' ? job.folders : [];
        set({ job: { kind: 'failed', folders, message } });
      }
      void get().statusRequested();
    },

    pauseRequested: () => stop('pause'),
    cancelRequested: () => stop('cancel'),

    async resumeRequested() {
      const job = get().job;
      if (job.kind === 'paused') await startIndexing(job.folders);
    },

    async folderRemoved(folder) {
      try {
        await api.library.removeFolder({ path: folder });
        const { [folder]: _gone, ...skipped } = get().skipped;
        set({ skipped, notice: null });
      } catch (err) {
        set({ notice: errorMessage(err) });
      }
      await get().statusRequested();
      // Results on screen from that folder go with it: the search runs again (browsing follows the status).
      if (useSearch.getState().run.kind === 'done') void useSearch.getState().searchSubmitted();
    },

    removalConfirmed(folder, files) {
      const earlier = get().leaving;
      clearTimeout(leavingTimer);
      // One removal waits at a time: an earlier one goes through now.
      if (earlier) void get().folderRemoved(earlier.folder);
      set({ leaving: { folder, files } });
      leavingTimer = setTimeout(() => {
        void get()
          .folderRemoved(folder)
          .finally(() => {
            if (get().leaving?.folder === folder) set({ leaving: null });
          });
      }, UNDO_MS);
    },

    removalUndone() {
      clearTimeout(leavingTimer);
      set({ leaving: null });
    },

    async watchToggled(folder, watch) {
      try {
        await api.library.watch({ path: folder, watch });
        set({ notice: null });
      } catch (err) {
        set({ notice: errorMessage(err) });
      }
      await get().statusRequested();
    },

    async skippedToggled(folder) {
      const { [folder]: open, ...others } = get().skipped;
      if (open) {
        set({ skipped: others });
        return;
      }
      set({ skipped: { ...others, [folder]: { kind: 'loading' } } });
      try {
        const files = await api.library.skipped({ folder });
        set({ skipped: { ...get().skipped, [folder]: { kind: 'ready', files } } });
      } catch (err) {
        set({ skipped: { ...get().skipped, [folder]: { kind: 'failed', message: errorMessage(err) } } });
      }
    },

    noticeDismissed: () => set({ notice: null }),
  };
});

/** Whether an indexing job is under way (for the status bar and the add form). */
export const useIndexingActive = (): boolean =>
  useLibrary((s) => s.job.kind === 'starting' || s.job.kind === 'running' || s.job.kind === 'stopping');

/** Subscribes the store to the library's events; returns the unsubscribe. */
export function subscribeLibraryEvents(): () => void {
  const { progressReceived, indexFinished, indexFailed, statusRequested } = useLibrary.getState();
  const stops = [
    // Searches moved to another model: the counts and the model shown are its own now.
    api.on('models.switched', () => void statusRequested()),
    api.on('library.progress', progressReceived),
    api.on('library.indexed', ({ jobId, summary, quiet }) => indexFinished(jobId, summary, quiet)),
    api.on('library.failed', ({ jobId, message, quiet }) => indexFailed(jobId, message, quiet)),
  ];
  return () => stops.forEach((stopListening) => stopListening());
}

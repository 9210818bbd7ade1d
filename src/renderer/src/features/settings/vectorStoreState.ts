/**
 * The vector store section's state: the store in use (from the settings view
 * and `store.status` events), the form for a Milvus server, the answer of
 * "Test connection", and a switch under way. A token typed here goes to main
 * once and never comes back: the view only says whether one is kept.
 */
import { create } from 'zustand';
import type { StoreTarget } from '../../../../shared/contract';
import type { StoreSwitchProgress, StoreTestResult, VectorStoreView } from '../../../../shared/types';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/format';

export type StoreKind = VectorStoreView['kind'];

export interface StoreForm {
  kind: StoreKind;
  uri: string;
  /** Empty: the token kept for this URI, if any. */
  token: string;
  database: string;
}

export type TestState = { kind: 'idle' } | { kind: 'testing' } | { kind: 'answered'; result: StoreTestResult };

export type SwitchState =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'copying'; jobId: string; model?: string; done: number; total: number }
  | { kind: 'failed'; message: string }
  | { kind: 'switched'; to: StoreKind };

interface VectorStoreState {
  current: VectorStoreView | null;
  form: StoreForm;
  /** Set once the user edits the form, so a status event does not overwrite what they typed. */
  edited: boolean;
  test: TestState;
  switching: SwitchState;

  viewReceived: (view: VectorStoreView) => void;
  formChanged: (patch: Partial<StoreForm>) => void;
  testRequested: () => Promise<void>;
  switchRequested: () => Promise<void>;
  switchProgressed: (progress: StoreSwitchProgress) => void;
  switchEnded: (jobId: string, outcome: { view: VectorStoreView } | { failure: string }) => void;
}

const DEFAULT_URI = 'http://127.0.0.1:19530';

function formOf(view: VectorStoreView): StoreForm {
  const database = view.milvus?.database;
  return {
    kind: view.kind,
    uri: view.milvus?.uri ?? DEFAULT_URI,
    token: '',
    database: database && database !== 'default' ? database : '',
  };
}

function targetOf(form: StoreForm): StoreTarget {
  if (form.kind === 'embedded') return { kind: 'embedded' };
  return {
    kind: 'milvus',
    uri: form.uri.trim(),
    ...(form.token.trim() ? { token: form.token.trim() } : {}),
    ...(form.database.trim() ? { database: form.database.trim() } : {}),
  };
}

export const useVectorStore = create<VectorStoreState>()((set, get) => ({
  current: null,
  form: { kind: 'embedded', uri: DEFAULT_URI, token: '', database: '' },
  edited: false,
  test: { kind: 'idle' },
  switching: { kind: 'idle' },

  viewReceived(view) {
    set(get().edited ? { current: view } : { current: view, form: formOf(view) });
  },

  formChanged(patch) {
    // A changed choice or server makes the last answers (a test, a failed or finished switch) about another one.
    const { switching } = get();
    const settled = switching.kind === 'failed' || switching.kind === 'switched';
    set({
      form: { ...get().form, ...patch },
      edited: true,
      test: { kind: 'idle' },
      ...(settled ? { switching: { kind: 'idle' } } : {}),
    });
  },

  async testRequested() {
    const target = targetOf(get().form);
    if (target.kind !== 'milvus') return;
    set({ test: { kind: 'testing' } });
    const { kind: _kind, ...milvus } = target;
    try {
      set({ test: { kind: 'answered', result: await api.store.test(milvus) } });
    } catch (err) {
      set({ test: { kind: 'answered', result: { ok: false, reason: 'error', message: errorMessage(err) } } });
    }
  },

  async switchRequested() {
    set({ switching: { kind: 'starting' } });
    try {
      const { jobId } = await api.store.switch(targetOf(get().form));
      // Progress may have arrived before the answer: keep it.
      const now = get().switching;
      if (now.kind === 'starting') set({ switching: { kind: 'copying', jobId, done: 0, total: 0 } });
    } catch (err) {
      set({ switching: { kind: 'failed', message: errorMessage(err) } });
    }
  },

  switchProgressed({ jobId, model, done, total }) {
    const now = get().switching;
    if (now.kind === 'starting' || (now.kind === 'copying' && now.jobId === jobId)) {
      set({ switching: { kind: 'copying', jobId, model, done, total } });
    }
  },

  switchEnded(jobId, outcome) {
    const now = get().switching;
    if (now.kind === 'copying' && now.jobId !== jobId) return;
    if ('failure' in outcome) set({ switching: { kind: 'failed', message: outcome.failure } });
    else {
      set({ switching: { kind: 'switched', to: outcome.view.kind }, current: outcome.view, edited: false });
      set({ form: { ...formOf(outcome.view) } });
    }
  },
}));

export function subscribeVectorStoreEvents(): () => void {
  const state = useVectorStore.getState();
  const stops = [
    api.on('store.status', (view) => state.viewReceived(view)),
    api.on('store.switchProgress', state.switchProgressed),
    api.on('store.switched', ({ jobId, store }) => state.switchEnded(jobId, { view: store })),
    api.on('store.switchFailed', ({ jobId, message }) => state.switchEnded(jobId, { failure: message })),
  ];
  return () => stops.forEach((stop) => stop());
}

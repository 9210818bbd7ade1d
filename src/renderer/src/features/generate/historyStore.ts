/**
 * Earlier prompts: Up in an empty prompt box steps back through them (Down
 * steps forward again), as a shell does with commands; the history list
 * searches all of them in the catalog.
 */
import { create } from 'zustand';
import { api } from '../../api/client';

interface HistoryState {
  /** Newest first, each once. */
  recent: string[];
  /** Which of `recent` the prompt box shows; -1: none (the user's own text). */
  cursor: number;
  /** The history list: open or not, its search and what it found. */
  listOpen: boolean;
  query: string;
  found: string[];

  historyOpened: () => Promise<void>;
  /** Up (older) or Down (newer); the prompt to show, or null to leave the box as it is. */
  stepped: (direction: 'older' | 'newer') => string | null;
  /** The user typed: stepping starts again from the newest. */
  typed: () => void;
  promptUsed: (prompt: string) => void;
  listToggled: () => void;
  searched: (query: string) => Promise<void>;
}

export const useHistory = create<HistoryState>()((set, get) => ({
  recent: [],
  cursor: -1,
  listOpen: false,
  query: '',
  found: [],

  async historyOpened() {
    const recent = await api.generate.prompts({ limit: 200 }).catch(() => get().recent);
    set({ recent, cursor: -1 });
  },

  stepped(direction) {
    const { recent, cursor } = get();
    const next = direction === 'older' ? cursor + 1 : cursor - 1;
    if (next >= recent.length || next < -1 || (direction === 'newer' && cursor === -1)) return null;
    set({ cursor: next });
    return next === -1 ? '' : recent[next]!;
  },

  typed: () => set({ cursor: -1 }),

  promptUsed(prompt) {
    set({ recent: [prompt, ...get().recent.filter((p) => p !== prompt)], cursor: -1 });
  },

  listToggled() {
    const listOpen = !get().listOpen;
    set({ listOpen });
    if (listOpen) void get().searched(get().query);
  },

  async searched(query) {
    set({ query });
    const found = await api.generate.prompts({ query, limit: 50 }).catch(() => []);
    // Answers may come back out of order: keep only the one for the text in the box now.
    if (get().query === query) set({ found });
  },
}));

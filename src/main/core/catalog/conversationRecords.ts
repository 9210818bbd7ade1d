/**
 * Edit conversations in the catalog, as a tree of turns: each turn is one
 * image the model answered with, pointing at the turn it continued. The
 * model's content is kept as received (its thought signatures included), as
 * JSON whose image bytes live in files the generate layer names.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from './database';

export interface TurnRow {
  id: string;
  conversationId: string;
  parentId: string | null;
  /** 1 for a first turn, the parent's plus one after. */
  turn: number;
  jobId: string;
  slot: number;
  /** The image this turn answered with. */
  contentKey: string;
  /** The model's parts, as JSON. */
  modelParts: string;
  createdAt: number;
}

const columns = `id, conversation_id AS conversationId, parent_id AS parentId, turn, job_id AS jobId, slot,
  content_key AS contentKey, model_parts AS modelParts, created_at AS createdAt`;

export class ConversationRecords {
  constructor(private readonly db: Db) {}

  add(row: Omit<TurnRow, 'id' | 'turn' | 'createdAt'>): TurnRow {
    const parent = row.parentId ? this.turn(row.parentId) : undefined;
    const full: TurnRow = { ...row, id: randomUUID(), turn: parent ? parent.turn + 1 : 1, createdAt: Date.now() };
    this.db
      .prepare(
        `INSERT INTO conversation_turns (id, conversation_id, parent_id, turn, job_id, slot, content_key, model_parts, created_at)
         VALUES (@id, @conversationId, @parentId, @turn, @jobId, @slot, @contentKey, @modelParts, @createdAt)`,
      )
      .run(full);
    return full;
  }

  turn(id: string): TurnRow | undefined {
    return this.db.prepare(`SELECT ${columns} FROM conversation_turns WHERE id = ?`).get(id) as TurnRow | undefined;
  }

  /** The newest turn that answered with this image. */
  byContentKey(contentKey: string): TurnRow | undefined {
    return this.db
      .prepare(`SELECT ${columns} FROM conversation_turns WHERE content_key = ? ORDER BY created_at DESC, rowid DESC`)
      .get(contentKey) as TurnRow | undefined;
  }

  /** The turns from the conversation's first to `id`, in order. */
  chain(id: string): TurnRow[] {
    const out: TurnRow[] = [];
    for (let t = this.turn(id); t; t = t.parentId ? this.turn(t.parentId) : undefined) out.unshift(t);
    return out;
  }
}

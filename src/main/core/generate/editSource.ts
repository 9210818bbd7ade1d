/**
 * What an edit of an image continues: the conversation turn that made it,
 * when the catalog and the data folder still hold that conversation whole;
 * otherwise a new conversation that starts from the image itself (a library
 * image, or a generated one whose conversation is gone), saying why.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { EditSource } from '../../../shared/generation';
import type { ConversationRecords } from '../catalog/conversationRecords';
import type { GenerationRecords } from '../catalog/generationRecords';
import { conversationHistory } from './conversationHistory';

export interface ResolvedEdit {
  edit: EditSource;
  /** The image to send as the first reference, when the conversation starts from it. */
  start?: string;
  /** The model that made the turn continued: its thought signatures are that model's. */
  model?: string;
}

export async function resolveEdit(
  deps: { dataDir: string; records: GenerationRecords; turns: ConversationRecords },
  file: string,
  contentKey: string,
): Promise<ResolvedEdit> {
  const parent = { path: file, contentKey };
  const turn = deps.turns.byContentKey(contentKey);
  const name = path.basename(file);
  let note: string | undefined;
  if (turn) {
    try {
      await conversationHistory(deps.dataDir, deps.turns, deps.records, turn.id);
      const model = deps.records.request(turn.jobId)?.params.model;
      return {
        edit: { conversationId: turn.conversationId, parentTurnId: turn.id, parent },
        ...(model ? { model } : {}),
      };
    } catch (err) {
      note = `The conversation that made ${name} is incomplete (${(err as Error).message}); starting a new conversation from the image.`;
    }
  } else if (deps.records.outputByContentKey(contentKey)) {
    note = `No conversation was kept for ${name}; starting a new conversation from the image.`;
  }
  return {
    edit: { conversationId: randomUUID(), parentTurnId: null, parent, ...(note ? { note } : {}) },
    start: file,
  };
}

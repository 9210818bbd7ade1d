/**
 * The earlier turns of an edit conversation as the API expects them: each
 * user turn with its references, then the model's answer exactly as it came
 * (images and thought signatures included), from the first turn to the one
 * being continued.
 */
import fs from 'node:fs/promises';
import type { Content } from '@google/genai';
import type { ConversationRecords } from '../catalog/conversationRecords';
import type { GenerationRecords } from '../catalog/generationRecords';
import { loadModelParts } from './conversationParts';
import { userParts } from './imageRequest';
import { preparedFile } from './referenceImages';

/** Throws when any part of it is gone from the catalog or the data folder. */
export async function conversationHistory(
  dataDir: string,
  turns: ConversationRecords,
  jobs: GenerationRecords,
  turnId: string,
): Promise<Content[]> {
  const chain = turns.chain(turnId);
  if (chain[0]?.parentId) throw new Error('the conversation has lost its first turns');
  const history: Content[] = [];
  for (const turn of chain) {
    const request = jobs.request(turn.jobId);
    if (!request) throw new Error(`the job of turn ${turn.turn} is gone`);
    const references = await Promise.all(
      request.references.map(async (ref) => ({
        mimeType: ref.mimeType,
        data: await fs.readFile(preparedFile(dataDir, ref)),
      })),
    );
    history.push({ role: 'user', parts: userParts(request.prompt, references) });
    history.push({ role: 'model', parts: await loadModelParts(dataDir, turn.modelParts, jobs) });
  }
  return history;
}

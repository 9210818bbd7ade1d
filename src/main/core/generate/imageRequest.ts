/**
 * One image request in the shape the API takes it: the conversation so far,
 * then the user's turn with its references (each introduced as "Image N", so
 * the prompt can name them) before the prompt; and the generation config.
 */
import type { Content, Part, ThinkingLevel as ThinkingLevelName } from '@google/genai';
import type { AspectRatio, ImageSize, ThinkingLevel } from '../../../shared/generation';

export interface ImageRequest {
  model: string;
  prompt: string;
  references: Array<{ mimeType: string; data: Buffer }>;
  aspectRatio?: AspectRatio;
  imageSize?: ImageSize;
  thinkingLevel?: ThinkingLevel;
  /** The earlier turns of an edit conversation, sent before this one. */
  history?: Content[];
}

/** A user turn: the references, each introduced by its number, then the prompt. */
export function userParts(prompt: string, references: ImageRequest['references']): Part[] {
  const parts: Part[] = [];
  references.forEach((ref, i) => {
    parts.push({ text: `Image ${i + 1}:` });
    parts.push({ inlineData: { mimeType: ref.mimeType, data: ref.data.toString('base64') } });
  });
  parts.push({ text: prompt });
  return parts;
}

/** The whole conversation of a request: its history, then its own user turn. */
export function requestContents(request: ImageRequest): Content[] {
  return [...(request.history ?? []), { role: 'user', parts: userParts(request.prompt, request.references) }];
}

/** The SDK's ThinkingLevel values, spelled out: the SDK itself is loaded only on the first call. */
const THINKING: Record<ThinkingLevel, ThinkingLevelName> = {
  minimal: 'MINIMAL' as ThinkingLevelName,
  high: 'HIGH' as ThinkingLevelName,
};

/** The generation config every image request names. */
export function imageGenerationConfig(request: Pick<ImageRequest, 'aspectRatio' | 'imageSize' | 'thinkingLevel'>) {
  const imageConfig = {
    ...(request.aspectRatio ? { aspectRatio: request.aspectRatio } : {}),
    ...(request.imageSize ? { imageSize: request.imageSize } : {}),
  };
  return {
    responseModalities: ['TEXT', 'IMAGE'],
    ...(Object.keys(imageConfig).length > 0 ? { imageConfig } : {}),
    // The REST enum's names, upper case, as generationConfig.thinkingConfig.thinkingLevel takes them.
    ...(request.thinkingLevel ? { thinkingConfig: { thinkingLevel: THINKING[request.thinkingLevel] } } : {}),
  };
}

/**
 * The Gemini API as Atelier uses it, through the official SDK: one image per
 * generateContent call (the image models reject candidateCount above 1), with
 * the references before the prompt, each introduced as "Image N" so the prompt
 * can name them ("the watch in image 1"). The API version is pinned, and the
 * base URL can point at a proxy or gateway. The SDK is loaded on the first
 * call: it is large, and most runs of the CLI never generate.
 */
import type { GoogleGenAI, Part, ThinkingLevel as ThinkingLevelName } from '@google/genai';
import type { AspectRatio, ImageSize, ThinkingLevel } from '../../../shared/generation';
import { modelInfo } from '../../../shared/imageModels';
import type { GenerationModel } from '../../../shared/types';
import { type GeminiAnswer, readAnswer } from './geminiAnswer';

/** The API version every request names, so a change of the SDK's default changes nothing here. */
export const GEMINI_API_VERSION = 'v1beta';

export interface GeminiConnection {
  apiKey: string;
  /** A proxy or gateway instead of https://generativelanguage.googleapis.com. */
  baseUrl?: string;
}

export interface ImageRequest {
  model: string;
  prompt: string;
  references: Array<{ mimeType: string; data: Buffer }>;
  aspectRatio?: AspectRatio;
  imageSize?: ImageSize;
  thinkingLevel?: ThinkingLevel;
}

export interface GeminiClient {
  generateImage(request: ImageRequest, signal: AbortSignal): Promise<GeminiAnswer>;
  /** The models that make images with generateContent, as the API lists them now. */
  listImageModels(signal: AbortSignal): Promise<GenerationModel[]>;
}

function contents(request: ImageRequest): Part[] {
  const parts: Part[] = [];
  request.references.forEach((ref, i) => {
    parts.push({ text: `Image ${i + 1}:` });
    parts.push({ inlineData: { mimeType: ref.mimeType, data: ref.data.toString('base64') } });
  });
  parts.push({ text: request.prompt });
  return parts;
}

/** The SDK's ThinkingLevel values, spelled out: the SDK itself is loaded only on the first call. */
const THINKING: Record<ThinkingLevel, ThinkingLevelName> = {
  minimal: 'MINIMAL' as ThinkingLevelName,
  high: 'HIGH' as ThinkingLevelName,
};

let sdk: Promise<typeof import('@google/genai')> | null = null;

export function createGeminiClient(connection: GeminiConnection): GeminiClient {
  let made: Promise<GoogleGenAI> | null = null;
  const sdkClient = () =>
    (made ??= (sdk ??= import('@google/genai')).then(
      ({ GoogleGenAI }) =>
        new GoogleGenAI({
          apiKey: connection.apiKey,
          httpOptions: {
            apiVersion: GEMINI_API_VERSION,
            ...(connection.baseUrl ? { baseUrl: connection.baseUrl } : {}),
          },
        }),
    ));
  return {
    async generateImage(request, signal) {
      const imageConfig = {
        ...(request.aspectRatio ? { aspectRatio: request.aspectRatio } : {}),
        ...(request.imageSize ? { imageSize: request.imageSize } : {}),
      };
      const ai = await sdkClient();
      const response = await ai.models.generateContent({
        model: request.model,
        contents: [{ role: 'user', parts: contents(request) }],
        config: {
          responseModalities: ['TEXT', 'IMAGE'],
          ...(Object.keys(imageConfig).length > 0 ? { imageConfig } : {}),
          // The REST enum's names, upper case, as generationConfig.thinkingConfig.thinkingLevel takes them.
          ...(request.thinkingLevel ? { thinkingConfig: { thinkingLevel: THINKING[request.thinkingLevel] } } : {}),
          abortSignal: signal,
        },
      });
      return readAnswer(response);
    },

    async listImageModels(signal) {
      const ai = await sdkClient();
      const pager = await ai.models.list({ config: { pageSize: 100, abortSignal: signal } });
      const out: GenerationModel[] = [];
      for await (const model of pager) {
        const id = (model.name ?? '').replace(/^models\//, '');
        const generates = model.supportedActions?.includes('generateContent') ?? false;
        if (id && generates && /image/i.test(id)) out.push(modelInfo(id, model.displayName));
      }
      return out;
    },
  };
}

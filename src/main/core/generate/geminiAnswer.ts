/**
 * Reads a generateContent answer: the images (parts marked as thoughts are the
 * model's drafts, not its answer), the text beside them, and every way the API
 * says it made no image, turned into a sentence for the user.
 */
import type { GenerateContentResponse, Part } from '@google/genai';
import { fatal } from './generationFailure';

export interface GeneratedImage {
  mimeType: string;
  data: Buffer;
}

export interface GeminiAnswer {
  images: GeneratedImage[];
  text: string;
  /** The model's parts as received (thought signatures included), to send back in an edit. */
  parts: Part[];
}

const FINISH_REASONS: Record<string, string> = {
  SAFETY: 'The model withheld the image for safety reasons (SAFETY).',
  IMAGE_SAFETY: 'The model withheld the image for safety reasons (IMAGE_SAFETY).',
  PROHIBITED_CONTENT: 'The request touches prohibited content (PROHIBITED_CONTENT).',
  IMAGE_PROHIBITED_CONTENT: 'The image would show prohibited content (IMAGE_PROHIBITED_CONTENT).',
  BLOCKLIST: 'The prompt contains blocked terms (BLOCKLIST).',
  SPII: 'The request contains sensitive personal information (SPII).',
  RECITATION: 'The image would recite protected material (RECITATION).',
  IMAGE_RECITATION: 'The image would recite protected material (IMAGE_RECITATION).',
  NO_IMAGE: 'The model made no image for this request (NO_IMAGE).',
  IMAGE_OTHER: 'The model could not make the image (IMAGE_OTHER).',
  MAX_TOKENS: 'The answer ran out of tokens before an image was made (MAX_TOKENS).',
};

const ADVICE = 'Change the prompt or the references and try again.';

export function readAnswer(response: GenerateContentResponse): GeminiAnswer {
  const blocked = response.promptFeedback?.blockReason;
  if (blocked) {
    const detail = response.promptFeedback?.blockReasonMessage;
    throw fatal(`The prompt was blocked (${blocked})${detail ? `: ${detail}` : ''}. ${ADVICE}`);
  }
  const candidate = response.candidates?.[0];
  const images: GeneratedImage[] = [];
  const texts: string[] = [];
  for (const part of candidate?.content?.parts ?? []) {
    if (part.thought) continue;
    const inline = part.inlineData;
    if (inline?.data && inline.mimeType?.startsWith('image/')) {
      images.push({ mimeType: inline.mimeType, data: Buffer.from(inline.data, 'base64') });
    } else if (part.text) texts.push(part.text);
  }
  const text = texts.join('\n').trim();
  if (images.length > 0) return { images, text, parts: candidate?.content?.parts ?? [] };

  const reason = candidate?.finishReason;
  const known = reason ? FINISH_REASONS[reason] : undefined;
  const quoted = text ? ` The model said: “${text.slice(0, 300)}”` : '';
  if (known) throw fatal(`${known} ${ADVICE}${quoted}`);
  if (text) throw fatal(`The model answered with text only, no image.${quoted}`);
  if (!candidate) throw fatal('The Gemini API returned no answer for this request.');
  throw fatal(`The model returned no image${reason ? ` (${reason})` : ''}. ${ADVICE}`);
}

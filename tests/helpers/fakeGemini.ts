/**
 * A local server that speaks the Gemini REST protocol the SDK uses
 * (`POST {base}/{version}/models/{model}:generateContent` with `x-goog-api-key`,
 * `GET {base}/{version}/models`), answers with real PNG bytes, records what it
 * was sent, and plays a script of faults, one per call.
 *
 * Like the image models, it signs its answers (a `thoughtSignature` on the
 * first part after its thoughts and on its image) and checks a conversation
 * sent back: every model turn must be one it answered, with its image and
 * each signature present and unchanged, or it refuses the call with 400.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import sharp from 'sharp';

export type Fault =
  /** An image (after a thought part holding a draft image that must not be kept) and a text. */
  | 'ok'
  /** 429 RESOURCE_EXHAUSTED with a RetryInfo delay. */
  | 'rate-limit'
  | 'unavailable'
  | 'internal'
  /** Accepts the request and never answers. */
  | 'hang'
  | 'malformed'
  /** The candidate ends with IMAGE_SAFETY and no image. */
  | 'image-safety'
  | 'prompt-blocked'
  | 'text-only'
  | 'no-image'
  | 'bad-key'
  /** Like 'ok', with no thought signature anywhere. */
  | 'unsigned';

export interface SentRequest {
  method: string;
  path: string;
  apiVersion: string;
  model: string;
  apiKey: string | undefined;
  body: GenerateBody;
  /** When it arrived (ms since the epoch). */
  at: number;
}

export interface SentPart {
  text?: string;
  inlineData?: { mimeType: string; data: string };
  thought?: boolean;
  thoughtSignature?: string;
}

export interface GenerateBody {
  contents: Array<{ role?: string; parts: SentPart[] }>;
  generationConfig?: {
    responseModalities?: string[];
    imageConfig?: { aspectRatio?: string; imageSize?: string };
    thinkingConfig?: { thinkingLevel?: string; thinkingBudget?: number; includeThoughts?: boolean };
  };
}

/**
 * What the real API takes from each image model, written out here apart from
 * Atelier's own table so that a request Atelier shapes wrongly fails here as
 * it would there: an image size the model does not make (sizes are spelled
 * with an upper-case K, "512" for the smallest), an aspect ratio it does not
 * take, a thinking level for a model without one, too many inline images.
 */
const MODEL_RULES: Record<string, { sizes: string[]; ratios: string[]; thinking: string[]; maxImages: number }> = {
  'gemini-2.5-flash-image': {
    sizes: [],
    ratios: ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'],
    thinking: [],
    maxImages: 14,
  },
  'gemini-3-pro-image-preview': {
    sizes: ['1K', '2K', '4K'],
    ratios: ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'],
    thinking: [],
    maxImages: 14,
  },
  'gemini-3.1-flash-image-preview': {
    sizes: ['512', '1K', '2K', '4K'],
    ratios: ['1:1', '1:4', '1:8', '2:3', '3:2', '3:4', '4:1', '4:3', '4:5', '5:4', '8:1', '9:16', '16:9', '21:9'],
    thinking: ['MINIMAL', 'HIGH'],
    maxImages: 14,
  },
};

/** The API's 400 or 404 for a request the model cannot take; null when it can. */
function modelRefusal(model: string, body: GenerateBody): { code: number; status: string; message: string } | null {
  const rules = MODEL_RULES[model];
  if (!rules) {
    return {
      code: 404,
      status: 'NOT_FOUND',
      message: `models/${model} is not found for API version v1beta, or is not supported for generateContent.`,
    };
  }
  const invalid = (message: string) => ({ code: 400, status: 'INVALID_ARGUMENT', message });
  const config = body.generationConfig ?? {};
  const { imageSize, aspectRatio } = config.imageConfig ?? {};
  if (imageSize !== undefined && !rules.sizes.includes(imageSize)) {
    return invalid(`Image size ${imageSize} is not supported for ${model}.`);
  }
  if (aspectRatio !== undefined && !rules.ratios.includes(aspectRatio)) {
    return invalid(`Aspect ratio ${aspectRatio} is not supported for ${model}.`);
  }
  const thinking = config.thinkingConfig;
  if (thinking && (thinking.thinkingLevel === undefined || !rules.thinking.includes(thinking.thinkingLevel))) {
    return invalid(`Thinking level ${String(thinking.thinkingLevel)} is not supported for ${model}.`);
  }
  const images = body.contents.flatMap((c) => c.parts).filter((p) => p.inlineData).length;
  if (images > rules.maxImages) return invalid(`Too many input images for ${model}: ${images}.`);
  return null;
}

export interface FakeGemini {
  /** The base URL to give the app (no version). */
  url: string;
  requests: SentRequest[];
  /** Faults for the next calls, in order; once used up, every call is 'ok'. */
  script(...faults: Fault[]): void;
  /** The colour of the images it makes (the `color` model finds them by name). */
  colour: [number, number, number];
  /** The seconds a rate limit asks to wait. */
  retryDelaySeconds: number;
  /** Calls refused because a conversation sent back did not match what was answered, with why. */
  refusals: string[];
  close(): Promise<void>;
}

const THOUGHT_COLOUR: [number, number, number] = [20, 160, 40];

async function png(rgb: [number, number, number], size = 64): Promise<string> {
  const buf = await sharp({
    create: { width: size, height: size, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } },
  })
    .png()
    .toBuffer();
  return buf.toString('base64');
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(text);
}

function apiError(code: number, status: string, message: string, details?: unknown[]) {
  return { error: { code, message, status, ...(details ? { details } : {}) } };
}

/** Starts the server on `port` (default: any free one) on 127.0.0.1. */
export async function startFakeGemini(port = 0): Promise<FakeGemini> {
  const queue: Fault[] = [];
  const sockets = new Set<Socket>();
  const fake: FakeGemini = {
    url: '',
    requests: [],
    colour: [220, 30, 30],
    retryDelaySeconds: 1,
    refusals: [],
    script: (...faults) => queue.push(...faults),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  let made = 0;
  /** The model turns answered, by the hash of their image: what a conversation sent back must match. */
  const answered = new Map<string, SentPart[]>();
  const digest = (data: string) => createHash('sha256').update(data).digest('hex');

  async function answer(signed: boolean): Promise<SentPart[]> {
    const signature = () => (signed ? { thoughtSignature: randomBytes(48).toString('base64') } : {});
    const parts: SentPart[] = [
      { text: 'Sketching the figurine first.', thought: true },
      { inlineData: { mimeType: 'image/png', data: await png(THOUGHT_COLOUR) }, thought: true },
      { text: 'Here is the figurine.', ...signature() },
      // A new size each time, so that every image made is a file of its own.
      { inlineData: { mimeType: 'image/png', data: await png(fake.colour, 64 + made++) }, ...signature() },
    ];
    answered.set(digest(parts[3]!.inlineData!.data), parts);
    return parts;
  }

  /** Why the API would refuse this conversation, or null: the checks the image models make. */
  function refusal(body: GenerateBody): string | null {
    const contents = body.contents ?? [];
    if (contents.length === 0) return 'contents is not specified';
    if (contents.at(-1)?.role !== 'user') return 'The last content must be from the user.';
    for (const [c, content] of contents.entries()) {
      const expected = c % 2 === 0 ? 'user' : 'model';
      if ((content.role ?? 'user') !== expected) return `Content ${c} should be a ${expected} turn.`;
      if (expected === 'user') continue;
      const image = content.parts.find((p) => p.inlineData && !p.thought);
      if (!image) return `Model turn at content position ${c} has no image to edit.`;
      const original = answered.get(digest(image.inlineData!.data));
      if (!original) return `The image in model turn ${c} was not made by the model (changed or not its own).`;
      const signatures = new Set(original.flatMap((p) => (p.thoughtSignature ? [p.thoughtSignature] : [])));
      for (const [i, part] of content.parts.entries()) {
        if (part.thoughtSignature && !signatures.has(part.thoughtSignature))
          return `Corrupted thought signature in content position ${c}, part position ${i}.`;
      }
      for (const part of original.filter((p) => p.thoughtSignature)) {
        const sent = content.parts.find((p) => p.thoughtSignature === part.thoughtSignature);
        const kind = part.inlineData ? 'Image' : 'Text';
        if (!sent) return `${kind} part is missing a thought_signature in content position ${c}.`;
        const same = part.inlineData ? sent.inlineData?.data === part.inlineData.data : sent.text === part.text;
        if (!same) return `${kind} part with a thought_signature was changed in content position ${c}.`;
      }
    }
    return null;
  }

  async function generate(res: http.ServerResponse, fault: Fault) {
    switch (fault) {
      case 'ok':
      case 'unsigned':
        return send(res, 200, {
          candidates: [
            {
              content: { role: 'model', parts: await answer(fault === 'ok') },
              finishReason: 'STOP',
              index: 0,
            },
          ],
          usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 1290, totalTokenCount: 1300 },
        });
      case 'rate-limit':
        return send(
          res,
          429,
          apiError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).', [
            { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${fake.retryDelaySeconds}s` },
          ]),
        );
      case 'unavailable':
        return send(res, 503, apiError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'));
      case 'internal':
        return send(res, 500, apiError(500, 'INTERNAL', 'An internal error has occurred.'));
      case 'hang':
        return; // The socket stays open until the client gives up.
      case 'malformed':
        return send(res, 200, '{"candidates": [{"content": {"parts": [');
      case 'image-safety':
        return send(res, 200, { candidates: [{ finishReason: 'IMAGE_SAFETY', index: 0 }] });
      case 'prompt-blocked':
        return send(res, 200, { promptFeedback: { blockReason: 'PROHIBITED_CONTENT' } });
      case 'text-only':
        return send(res, 200, {
          candidates: [
            {
              content: { role: 'model', parts: [{ text: 'I can describe it: a red silk cape.' }] },
              finishReason: 'STOP',
            },
          ],
        });
      case 'no-image':
        return send(res, 200, { candidates: [{ content: { role: 'model', parts: [] }, finishReason: 'NO_IMAGE' }] });
      case 'bad-key':
        return send(res, 400, apiError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.'));
    }
  }

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const listing = /^\/([^/]+)\/models$/.exec(url.pathname);
      if (req.method === 'GET' && listing) {
        return send(res, 200, {
          models: [
            {
              name: 'models/gemini-2.5-flash',
              displayName: 'Gemini 2.5 Flash',
              supportedGenerationMethods: ['generateContent'],
            },
            {
              name: 'models/gemini-2.5-flash-image',
              displayName: 'Nano Banana',
              supportedGenerationMethods: ['generateContent', 'countTokens'],
            },
            {
              name: 'models/gemini-3.1-flash-image-preview',
              displayName: 'Nano Banana 2',
              supportedGenerationMethods: ['generateContent', 'countTokens', 'batchGenerateContent'],
            },
            {
              name: 'models/gemini-3-pro-image-preview',
              displayName: 'Nano Banana Pro',
              supportedGenerationMethods: ['generateContent', 'countTokens', 'batchGenerateContent'],
            },
            {
              name: 'models/imagen-4.0-generate-001',
              displayName: 'Imagen 4',
              supportedGenerationMethods: ['predict'],
            },
          ],
        });
      }
      const call = /^\/([^/]+)\/models\/([^/:]+):generateContent$/.exec(url.pathname);
      if (req.method !== 'POST' || !call) return send(res, 404, apiError(404, 'NOT_FOUND', `No route ${url.pathname}`));
      const body = JSON.parse(raw) as GenerateBody;
      fake.requests.push({
        method: req.method,
        path: url.pathname,
        apiVersion: call[1]!,
        model: call[2]!,
        apiKey: req.headers['x-goog-api-key'] as string | undefined,
        body,
        at: Date.now(),
      });
      const unfit = modelRefusal(call[2]!, body);
      if (unfit) return send(res, unfit.code, apiError(unfit.code, unfit.status, unfit.message));
      const refused = refusal(body);
      if (refused) {
        fake.refusals.push(refused);
        return send(res, 400, apiError(400, 'INVALID_ARGUMENT', refused));
      }
      generate(res, queue.shift() ?? 'ok').catch((err: Error) =>
        send(res, 500, apiError(500, 'INTERNAL', err.message)),
      );
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

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
 *
 * It also speaks the Batch API: `POST …/models/{model}:batchGenerateContent`
 * (inline requests, or a JSONL file uploaded through the resumable
 * `upload/v1beta/files` protocol), `GET …/batches/{id}`, and the download of
 * a results file. A batch stays pending until the test moves it on
 * (`moveBatch`): to running, then succeeded (it answers each request then),
 * failed or expired.
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

export type BatchState = 'pending' | 'running' | 'succeeded' | 'failed' | 'expired' | 'cancelled';

export interface FakeBatch {
  name: string;
  model: string;
  displayName: string | undefined;
  state: BatchState;
  /** Each request with the key it was sent with. */
  requests: Array<{ key: string | undefined; body: GenerateBody }>;
  /** The uploaded file the requests came in, or undefined when they came inline. */
  inputFile: string | undefined;
  /** How many times a client asked for it. */
  polls: number;
}

export interface FakeGemini {
  /** The base URL to give the app (no version). */
  url: string;
  requests: SentRequest[];
  /** Faults for the next calls, in order (a batch submission takes the HTTP errors); once used up, every call is 'ok'. */
  script(...faults: Fault[]): void;
  /** The colour of the images it makes (the `color` model finds them by name). */
  colour: [number, number, number];
  /** The seconds a rate limit asks to wait. */
  retryDelaySeconds: number;
  /** Calls refused because a conversation sent back did not match what was answered, with why. */
  refusals: string[];
  /** Batches submitted, by name (`batches/…`), in order. */
  batches: Map<string, FakeBatch>;
  /** Batch submissions refused for their shape, with why. */
  batchRefusals: string[];
  /** Moves a batch on, as the service would: pending → running → succeeded, or to failed or expired. */
  moveBatch(name: string, state: Exclude<BatchState, 'pending' | 'cancelled'>): Promise<void>;
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
    batches: new Map(),
    batchRefusals: [],
    moveBatch: (name, state) => moveBatch(name, state),
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

  const files = new Map<string, Buffer>();
  const uploads = new Map<string, { mimeType: string | undefined; displayName: string | undefined }>();
  const outputs = new Map<string, unknown>();
  let ids = 0;
  const STATE_NAMES: Record<BatchState, string> = {
    pending: 'BATCH_STATE_PENDING',
    running: 'BATCH_STATE_RUNNING',
    succeeded: 'BATCH_STATE_SUCCEEDED',
    failed: 'BATCH_STATE_FAILED',
    expired: 'BATCH_STATE_EXPIRED',
    cancelled: 'BATCH_STATE_CANCELLED',
  };
  const NEXT: Record<BatchState, BatchState[]> = {
    pending: ['running', 'failed', 'expired'],
    running: ['succeeded', 'failed', 'expired'],
    succeeded: [],
    failed: [],
    expired: [],
    cancelled: [],
  };

  /** Why the Batch API would refuse this submission, or null. */
  function batchRefusal(body: unknown): string | { requests: FakeBatch['requests']; inputFile?: string } {
    const input = (body as { batch?: { inputConfig?: { requests?: { requests?: unknown }; fileName?: string } } })
      ?.batch?.inputConfig;
    if (!input) return 'batch.input_config is required.';
    const inline = input.requests?.requests;
    if ((inline === undefined) === (input.fileName === undefined))
      return 'Exactly one of input_config.requests and input_config.file_name must be set.';
    let lines: Array<{ key?: unknown; request?: unknown }>;
    if (inline !== undefined) {
      if (!Array.isArray(inline) || inline.length === 0) return 'input_config.requests.requests must not be empty.';
      lines = (inline as Array<{ request?: unknown; metadata?: { key?: unknown } }>).map((r) => ({
        key: r.metadata?.key,
        request: r.request,
      }));
    } else {
      const file = files.get(input.fileName ?? '');
      if (!file) return `File ${input.fileName} does not exist.`;
      try {
        lines = file
          .toString()
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l) as { key?: unknown; request?: unknown });
      } catch {
        return 'The input file is not valid JSONL.';
      }
      if (lines.some((l) => typeof l.key !== 'string')) return 'Each line of the input file needs a "key".';
    }
    const requests: FakeBatch['requests'] = [];
    for (const [i, line] of lines.entries()) {
      const request = line.request as GenerateBody | undefined;
      if (!request || !Array.isArray(request.contents) || request.contents.length === 0)
        return `Request ${i} has no contents.`;
      requests.push({ key: typeof line.key === 'string' ? line.key : undefined, body: request });
    }
    return { requests, ...(input.fileName !== undefined ? { inputFile: input.fileName } : {}) };
  }

  function batchResource(batch: FakeBatch) {
    const output = outputs.get(batch.name);
    return {
      name: batch.name,
      metadata: {
        '@type': 'type.googleapis.com/google.ai.generativelanguage.v1beta.GenerateContentBatch',
        model: `models/${batch.model}`,
        displayName: batch.displayName,
        state: STATE_NAMES[batch.state],
        createTime: new Date().toISOString(),
        ...(output ? { output } : {}),
      },
      ...(batch.state !== 'pending' && batch.state !== 'running' ? { done: true } : {}),
      ...(batch.state === 'failed' ? { error: { code: 13, message: 'The batch could not be processed.' } } : {}),
    };
  }

  async function moveBatch(name: string, state: Exclude<BatchState, 'pending' | 'cancelled'>) {
    const batch = fake.batches.get(name);
    if (!batch) throw new Error(`No batch ${name}`);
    if (!NEXT[batch.state].includes(state)) throw new Error(`A ${batch.state} batch cannot become ${state}`);
    if (state === 'succeeded') {
      const answers = [];
      for (const { key, body } of batch.requests) {
        const refused = refusal(body);
        const result = refused
          ? { error: { code: 400, message: refused } }
          : {
              response: {
                candidates: [{ content: { role: 'model', parts: await answer(true) }, finishReason: 'STOP', index: 0 }],
              },
            };
        answers.push({ ...result, ...(key !== undefined ? { metadata: { key } } : {}) });
      }
      if (batch.inputFile) {
        const out = `files/results-${++ids}`;
        const lines = answers.map(({ metadata, ...rest }) => JSON.stringify({ key: metadata?.key, ...rest }));
        files.set(out, Buffer.from(`${lines.join('\n')}\n`));
        outputs.set(name, { responsesFile: out });
      } else outputs.set(name, { inlinedResponses: { inlinedResponses: answers } });
    }
    batch.state = state;
  }

  function batchRoute(req: http.IncomingMessage, res: http.ServerResponse, url: URL, raw: Buffer): boolean {
    const upload = req.headers['x-goog-upload-command'];
    if (req.method === 'POST' && url.pathname === '/upload/v1beta/files' && upload === 'start') {
      const session = `${++ids}`;
      const meta = (JSON.parse(raw.toString() || '{}') as { file?: { displayName?: string } }).file;
      uploads.set(session, {
        mimeType: req.headers['x-goog-upload-header-content-type'] as string | undefined,
        displayName: meta?.displayName,
      });
      res.writeHead(200, {
        'x-goog-upload-url': `${fake.url}/upload-session/${session}`,
        'content-type': 'application/json',
      });
      res.end('{}');
      return true;
    }
    const session = /^\/upload-session\/(\d+)$/.exec(url.pathname);
    if (req.method === 'POST' && session && typeof upload === 'string' && upload.includes('finalize')) {
      const name = `files/input-${session[1]}`;
      files.set(name, raw);
      res.writeHead(200, { 'x-goog-upload-status': 'final', 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          file: { name, mimeType: uploads.get(session[1]!)?.mimeType, sizeBytes: String(raw.length), state: 'ACTIVE' },
        }),
      );
      return true;
    }
    const download = /^\/[^/]+\/(files\/[^/:]+):download$/.exec(url.pathname);
    if (req.method === 'GET' && download) {
      const file = files.get(download[1]!);
      if (!file) send(res, 404, apiError(404, 'NOT_FOUND', `No file ${download[1]}`));
      else {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(file);
      }
      return true;
    }
    const create = /^\/([^/]+)\/models\/([^/:]+):batchGenerateContent$/.exec(url.pathname);
    if (req.method === 'POST' && create) {
      // A scripted error (a rate limit, an overload) answers a submission as it would a call.
      if (['rate-limit', 'unavailable', 'internal', 'bad-key'].includes(queue[0] ?? '')) {
        void generate(res, queue.shift()!);
        return true;
      }
      const body = JSON.parse(raw.toString()) as { batch?: { displayName?: string } };
      const checked = batchRefusal(body);
      if (typeof checked === 'string') {
        fake.batchRefusals.push(checked);
        send(res, 400, apiError(400, 'INVALID_ARGUMENT', checked));
        return true;
      }
      const batch: FakeBatch = {
        name: `batches/fake-${++ids}`,
        model: create[2]!,
        displayName: body.batch?.displayName,
        state: 'pending',
        requests: checked.requests,
        inputFile: checked.inputFile,
        polls: 0,
      };
      fake.batches.set(batch.name, batch);
      send(res, 200, batchResource(batch));
      return true;
    }
    const cancel = /^\/[^/]+\/(batches\/[^/:]+):cancel$/.exec(url.pathname);
    if (req.method === 'POST' && cancel) {
      const batch = fake.batches.get(cancel[1]!);
      if (!batch) send(res, 404, apiError(404, 'NOT_FOUND', `No batch ${cancel[1]}`));
      else {
        if (batch.state === 'pending' || batch.state === 'running') batch.state = 'cancelled';
        send(res, 200, {});
      }
      return true;
    }
    const get = /^\/[^/]+\/(batches\/[^/:]+)$/.exec(url.pathname);
    if (req.method === 'GET' && get) {
      const batch = fake.batches.get(get[1]!);
      if (!batch) send(res, 404, apiError(404, 'NOT_FOUND', `No batch ${get[1]}`));
      else {
        batch.polls++;
        send(res, 200, batchResource(batch));
      }
      return true;
    }
    return false;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const bytes = Buffer.concat(chunks);
      const raw = bytes.toString();
      if (batchRoute(req, res, url, bytes)) return;
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

/**
 * The contract over HTTP: `POST /api/<service>.<method>` with a JSON body, routed
 * through the same handler table as the IPC adapter. The input is validated with
 * the contract's schema; the reply is always a CallResult.
 */
import type { IncomingMessage } from 'node:http';
import { ZodError } from 'zod';
import { type AtelierHandlers, MAX_UPLOAD_BASE64 } from '../../../shared/contract';
import type { CallResult } from '../../../shared/transport';
import { describeError } from '../api/describeError';
import { handlerTable } from '../api/handlerTable';

export interface ApiReply {
  status: number;
  body: CallResult;
}

/** Enough for the largest input of the contract (an uploaded image, base64), and its JSON around it. */
export const MAX_BODY_BYTES = MAX_UPLOAD_BASE64 + 1024 * 1024;

export function apiRoutes(handlers: AtelierHandlers): (name: string, req: IncomingMessage) => Promise<ApiReply> {
  const routes = new Map(handlerTable(handlers).map((route) => [route.name, route]));

  return async (name, req) => {
    const route = routes.get(name);
    if (!route) return { status: 404, body: { ok: false, message: `Unknown method ${name}` } };
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return { status: 415, body: { ok: false, message: 'Send the input as application/json' } };
    }
    let input: unknown;
    try {
      const text = await readBody(req);
      input = text.trim() ? JSON.parse(text) : {};
    } catch (err) {
      return { status: 400, body: { ok: false, message: `Unreadable body: ${describeError(err)}` } };
    }
    let parsed: unknown;
    try {
      parsed = route.parse(input);
    } catch (err) {
      return { status: 400, body: { ok: false, message: describeError(err) } };
    }
    try {
      return { status: 200, body: { ok: true, value: await route.run(parsed) } };
    } catch (err) {
      if (!(err instanceof ZodError)) console.error(`[serve] ${name} failed:`, describeError(err));
      return { status: 422, body: { ok: false, message: describeError(err) } };
    }
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new Error(`the body is larger than ${Math.round(MAX_BODY_BYTES / 1024 / 1024)} MB (an image may be 50 MB)`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

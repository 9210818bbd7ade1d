/**
 * The contract's events over a WebSocket at `/events`: every event on the bus
 * goes to every connected page as an EventMessage, as IPC forwards them in Electron.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { EventMessage } from '../../../shared/transport';
import type { EventBus } from '../events';

const HEARTBEAT_MS = 30_000;

export interface EventSocket {
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

export function eventSocket(events: EventBus): EventSocket {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const alive = new WeakSet<WebSocket>();

  wss.on('connection', (ws) => {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    // Events flow one way; anything a page sends is ignored.
    ws.on('message', () => undefined);
  });

  const stop = events.onAny((name, payload) => {
    const message = JSON.stringify({ name, payload } satisfies EventMessage);
    for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) ws.terminate();
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    upgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close() {
      stop();
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}

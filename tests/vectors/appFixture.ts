/**
 * The app's core as `atelier serve` and Electron build it (createAtelier with
 * the `color` model, a real catalog in a temp folder), and a way to wait for
 * one of its events. The encoder runs in a child process, as in Electron, so a
 * test can open the app several times.
 */
import fs from 'node:fs';
import { expect } from 'vitest';
import { type Atelier, type AtelierHost, createAtelier } from '../../src/main/core/app';
import type { StoreConfig } from '../../src/main/core/vectors/createStore';
import type { EventName, EventPayload } from '../../src/shared/contract';
import { childProcessSpawner } from '../helpers/encoderProcess';
import { COLOR_MODEL, RESOURCES } from '../helpers/paths';

export function openApp(dataDir: string, host: AtelierHost = {}, store?: StoreConfig): Atelier {
  return createAtelier(
    {
      dataDir,
      resourcesDir: RESOURCES,
      model: COLOR_MODEL,
      providers: ['cpu'],
      spawnEncoder: childProcessSpawner(),
      ...(store ? { store } : {}),
    },
    host,
  );
}

/** The first `name` event whose payload passes `test`, or a rejection naming what was seen instead. */
export function nextEvent<E extends EventName>(
  atelier: Atelier,
  name: E,
  test: (payload: EventPayload<E>) => boolean = () => true,
  ms = 45_000,
): Promise<EventPayload<E>> {
  const seen: unknown[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no matching ${name} within ${ms / 1000} s; saw ${JSON.stringify(seen)}`));
    }, ms);
    const stop = atelier.events.on(name, (payload) => {
      seen.push(payload);
      if (!test(payload)) return;
      clearTimeout(timer);
      stop();
      resolve(payload);
    });
  });
}

/** Indexes through the app's handler (a background job) and waits for its end. */
export async function indexThroughApp(atelier: Atelier, folder: string): Promise<void> {
  const stops: Array<() => void> = [];
  const ended = new Promise<string>((resolve, reject) => {
    stops.push(atelier.events.on('library.indexed', ({ jobId }) => resolve(jobId)));
    stops.push(atelier.events.on('library.failed', ({ message }) => reject(new Error(message))));
  });
  try {
    const { jobId } = await atelier.handlers.library.index({ folders: [folder] });
    expect(await ended).toBe(jobId);
  } finally {
    stops.forEach((stop) => stop());
  }
}

/** A reversible stand-in for Electron's safeStorage: what reaches the disk is not the secret. */
export const testCipher = {
  scheme: 'test-reversed',
  storage: 'os-encrypted' as const,
  encrypt: (plain: string) => Buffer.from([...plain].reverse().join('')).toString('base64'),
  decrypt: (stored: string) => [...Buffer.from(stored, 'base64').toString()].reverse().join(''),
};

export const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

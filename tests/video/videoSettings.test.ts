/** The video sampling in Settings: saved in settings.json, read by the next index run, defaults 10 s and 64 frames. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SettingsService } from '../../src/main/core/settings/settingsService';

describe('video sampling settings', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-videosettings-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('defaults to a frame every 10 s, at most 64, and keeps what the user sets', () => {
    const settings = new SettingsService(dir);
    expect(settings.videoSampling()).toEqual({ interval: 10, maxFrames: 64 });
    expect(settings.view()).toMatchObject({ videoInterval: 10, videoMaxFrames: 64 });
    settings.update({ videoInterval: 2.5, videoMaxFrames: 12 });
    expect(new SettingsService(dir).videoSampling()).toEqual({ interval: 2.5, maxFrames: 12 });
  });
});

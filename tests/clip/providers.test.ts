import { describe, expect, it } from 'vitest';
import { preferredProviders } from '../../src/main/core/clip/providers';
import { openClipSessions } from '../../src/main/core/clip/session';
import { encoderFromEnv } from '../../src/main/core/config';
import { TINY_MODEL } from '../helpers/paths';

describe('execution providers', () => {
  it('prefers the platform GPU provider and always ends with the CPU', () => {
    expect(preferredProviders('', 'win32')).toEqual(['dml', 'cpu']);
    expect(preferredProviders('', 'darwin')).toEqual(['coreml', 'cpu']);
    expect(preferredProviders('CUDA, cpu', 'linux')).toEqual(['cuda', 'cpu']);
    expect(preferredProviders('cpu', 'win32')).toEqual(['cpu']);
    // On Linux, CUDA only where onnxruntime's CUDA provider was installed (not in this checkout).
    expect(preferredProviders('', 'linux')).toEqual(['cpu']);
  });

  it('takes the providers, the model mirror and the thread pool from the environment the edges pass', () => {
    expect(
      encoderFromEnv({ ATELIER_PROVIDER: 'cuda', ATELIER_MODEL_MIRROR: 'http://mirror.lan', UV_THREADPOOL_SIZE: '8' }),
    ).toEqual({ providers: ['cuda', 'cpu'], modelMirror: 'http://mirror.lan', threadPoolSize: 8 });
    expect(encoderFromEnv({ ATELIER_PROVIDER: ' ', UV_THREADPOOL_SIZE: 'many' })).toEqual({});
  });

  it('falls back to the CPU when the GPU provider cannot start, and says why', async () => {
    const sessions = await openClipSessions(TINY_MODEL, ['cuda', 'cpu']);
    expect(sessions.report.provider).toBe('cpu');
    expect(sessions.report.requested).toEqual(['cuda', 'cpu']);
    expect(sessions.report.fallbackReason).toMatch(/^cuda: /);
    await sessions.vision.release();
    await sessions.text.release();
  });
});

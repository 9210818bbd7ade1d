import { describe, expect, it } from 'vitest';
import { preferredProviders } from '../../src/main/core/clip/providers';
import { openClipSessions } from '../../src/main/core/clip/session';
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

  it('falls back to the CPU when the GPU provider cannot start, and says why', async () => {
    const sessions = await openClipSessions(TINY_MODEL, ['cuda', 'cpu']);
    expect(sessions.report.provider).toBe('cpu');
    expect(sessions.report.requested).toEqual(['cuda', 'cpu']);
    expect(sessions.report.fallbackReason).toMatch(/^cuda: /);
    await sessions.vision.release();
    await sessions.text.release();
  });
});

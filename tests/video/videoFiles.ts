/**
 * Videos for the tests, written by Debian's ffmpeg (installed by .ci/run) from
 * its own test sources: solid-colour shots cut together, a noise clip, audio only.
 */
import { execFileSync } from 'node:child_process';

/** Shots of solid colour (`#rrggbb`), each `seconds` long, cut together in order. */
export function shotsVideo(file: string, shots: Array<{ color: string; seconds: number }>, size = '160x120'): void {
  const inputs = shots.flatMap((s) => [
    '-f',
    'lavfi',
    '-i',
    `color=c=${s.color.replace('#', '0x')}:s=${size}:d=${s.seconds}:r=10`,
  ]);
  const labels = shots.map((_, i) => `[${i}]`).join('');
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    ...inputs,
    '-filter_complex',
    `${labels}concat=n=${shots.length}:v=1:a=0,format=yuv420p`,
    ...codecFor(file),
    file,
  ]);
}

function codecFor(file: string): string[] {
  if (file.endsWith('.webm')) return ['-c:v', 'libvpx', '-b:v', '200k'];
  if (file.endsWith('.avi')) return ['-c:v', 'mpeg4'];
  if (file.endsWith('.gif')) return [];
  return ['-c:v', 'libx264', '-preset', 'ultrafast'];
}

/** A file with an audio stream and no video stream. */
export function audioOnly(file: string): void {
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:duration=2',
    '-c:a',
    'aac',
    file,
  ]);
}

/**
 * Images of printed text made with ImageMagick, with the text they show: English
 * and Chinese, several fonts and sizes, flat, turned a quarter, slightly
 * skewed, on plain backgrounds and on photos. Also the character error rate
 * that scores what OCR read against them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { IMAGES } from './paths';
import { setupError } from './setupError';

/** Debian's WenQuanYi Zen Hei (fonts-wqy-zenhei, installed by .ci/run). */
export const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';

export interface TextImageSpec {
  name: string;
  /** What the image shows; lines joined by '\n'. */
  text: string;
  font: string;
  pointsize: number;
  /** Degrees clockwise. */
  rotate?: number;
  /** A photo from the shared images to print on; default a plain pale background. */
  photo?: string;
  /** On a photo: white letters outlined in black straight on the picture, not on a pale band. */
  outlined?: boolean;
}

const EN = 'DejaVu-Sans';
const EN_SERIF = 'DejaVu-Serif-Bold';
const EN_MONO = 'DejaVu-Sans-Mono';

/** The set the accuracy test and bench:ocr read. */
export const TEXT_IMAGES: TextImageSpec[] = [
  { name: 'lunar', text: 'LUNAR FESTIVAL', font: EN_SERIF, pointsize: 56 },
  { name: 'edition', text: 'Limited Edition Box Art', font: EN, pointsize: 32 },
  { name: 'sheet', text: 'Character Sheet\nKnight of Ember', font: EN, pointsize: 28 },
  { name: 'small', text: 'Press Start to Continue', font: EN_MONO, pointsize: 18 },
  { name: 'board', text: 'Concept Board 2026', font: EN, pointsize: 40, rotate: 90 },
  { name: 'skew', text: 'Harbour Market', font: EN_SERIF, pointsize: 44, rotate: 4 },
  { name: 'skew-left', text: 'Winter Sale', font: EN, pointsize: 40, rotate: -3 },
  { name: 'poster', text: 'MIDNIGHT TRAIN', font: EN_SERIF, pointsize: 48, photo: 'astronaut.png' },
  { name: 'label', text: 'Fresh Coffee', font: EN, pointsize: 40, photo: 'coffee.png' },
  { name: 'xiandingban', text: '限定版', font: CJK_FONT, pointsize: 56 },
  { name: 'jiaose', text: '角色设定', font: CJK_FONT, pointsize: 36 },
  { name: 'gainiantu', text: '概念图 第二版', font: CJK_FONT, pointsize: 40, rotate: 90 },
  { name: 'yueliang', text: '月亮节快乐', font: CJK_FONT, pointsize: 48, rotate: 3 },
  { name: 'caption', text: 'Stray Cat Diaries', font: EN_SERIF, pointsize: 44, photo: 'chelsea.png', outlined: true },
  { name: 'tiny', text: 'version 3 final', font: EN, pointsize: 14 },
  { name: 'upward', text: 'Spring Catalogue', font: EN, pointsize: 36, rotate: -90 },
  { name: 'youxi', text: '游戏开始', font: CJK_FONT, pointsize: 44, photo: 'rocket.jpg' },
  { name: 'mixed', text: '龙之谷 Dragon Valley', font: CJK_FONT, pointsize: 36 },
];

function convert(args: string[]): void {
  try {
    execFileSync('convert', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw setupError('ImageMagick is needed: apt-get install imagemagick');
    throw new Error(`convert ${args.join(' ')} failed: ${stderr}`);
  }
}

/** Renders `spec` as a PNG in `dir`; returns its path. */
export function renderTextImage(dir: string, spec: TextImageSpec): string {
  if (spec.font === CJK_FONT && !fs.existsSync(CJK_FONT)) {
    throw setupError('A Chinese font is needed: apt-get install fonts-wqy-zenhei');
  }
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${spec.name}.png`);
  const onPhoto = spec.photo !== undefined;
  // On a photo the words sit on a translucent band, as on a poster or a sticker, or are outlined.
  const band = spec.outlined ? 'none' : onPhoto ? '#ffffffc0' : '#f4f1ea';
  const ink = spec.outlined ? ['-fill', 'white', '-stroke', 'black', '-strokewidth', '2'] : ['-fill', '#1a1a1a'];
  const label = [
    '(',
    '-background',
    band,
    ...ink,
    '-font',
    spec.font,
    '-pointsize',
    String(spec.pointsize),
    `label:${spec.text}`,
    '-bordercolor',
    band,
    '-border',
    '16',
    '-background',
    onPhoto ? 'none' : '#f4f1ea',
    '-rotate',
    String(spec.rotate ?? 0),
    ')',
  ];
  if (onPhoto) {
    convert([
      path.join(IMAGES, spec.photo!),
      '-resize',
      '640x480^',
      '-gravity',
      'center',
      '-extent',
      '640x480',
      ...label,
      '-gravity',
      'center',
      '-composite',
      file,
    ]);
  } else {
    convert([...label, '-bordercolor', '#f4f1ea', '-border', '24', file]);
  }
  return file;
}

function levenshtein(a: string[], b: string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * Edits per expected character over a set of (expected, read) pairs, whitespace
 * ignored: the recogniser often drops the space between two words, which costs
 * a reader nothing and a search little.
 */
export function characterErrorRate(pairs: Array<{ expected: string; read: string }>): number {
  const chars = (s: string) => [...s.replace(/\s+/g, '')];
  let edits = 0;
  let total = 0;
  for (const { expected, read } of pairs) {
    edits += levenshtein(chars(expected), chars(read));
    total += chars(expected).length;
  }
  return total ? edits / total : 0;
}

/**
 * The OCR pipeline on ONNX Runtime: detect text regions, crop each (tall ones
 * turned a quarter left, upside-down ones turned back by the angle
 * classifier), recognise the crops in batches of similar widths, decode.
 * An image where detection finds nothing costs one detector run.
 *
 * `run` holds the calling JS thread: the engine lives in the OCR worker thread.
 */
import ort from 'onnxruntime-node';
import { createSession } from '../clip/session';
import { ctcGreedy, loadCharset } from './ctcDecode';
import type { OcrModelFiles } from './ocrModel';
import { crop, type RgbImage, turnAround, turnLeft, writeTensor } from './rgbImage';
import { capLines, stripControls } from './textLimits';
import { textRegions } from './textRegions';

/** One line of text, its box as four corners (clockwise from top left) and the recogniser's confidence. */
export interface TextLine {
  text: string;
  box: Array<[number, number]>;
  confidence: number;
}

const DET_MEAN = [0.485, 0.456, 0.406];
const DET_STD = [0.229, 0.224, 0.225];
const HALF = [0.5, 0.5, 0.5];
/** The detector sees the image with its long side at most this (PaddleOCR's limit_side_len). */
const DET_MAX_SIDE = 960;
const REC_HEIGHT = 48;
const REC_MIN_WIDTH = 320;
/** Wider lines are squeezed: a recogniser step covers 8 pixels, and a line of 200 characters still fits. */
const REC_MAX_WIDTH = 3200;
const REC_BATCH = 6;
const CLS_WIDTH = 192;
/** Below this a line is noise the recogniser made up from texture. */
const MIN_CONFIDENCE = 0.5;

interface Crop {
  image: RgbImage;
  box: Array<[number, number]>;
}

export class OcrEngine {
  /** Model runs so far: an image without text costs one detection and no recognition. */
  readonly runs = { detection: 0, recognition: 0 };

  private constructor(
    private readonly det: ort.InferenceSession,
    private readonly cls: ort.InferenceSession,
    private readonly rec: ort.InferenceSession,
    private readonly charset: string[],
    readonly provider: string,
  ) {}

  /** Opens the three models on the first provider that takes them all (the list ends with cpu). */
  static async open(files: OcrModelFiles, providers: string[], threads?: number): Promise<OcrEngine> {
    const charset = loadCharset(files.dictionary);
    let last: unknown;
    for (const provider of [...new Set([...providers, 'cpu'])]) {
      try {
        const tuning = { threads, spinning: false };
        const [det, cls, rec] = await Promise.all([
          createSession(files.detection, provider, tuning),
          createSession(files.classifier, provider, tuning),
          createSession(files.recognition, provider, tuning),
        ]);
        return new OcrEngine(det, cls, rec, charset, provider);
      } catch (err) {
        last = err;
      }
    }
    throw last instanceof Error ? last : new Error(String(last));
  }

  /** The lines of text in `image`, top to bottom; boxes are scaled by `scale` (to the original's pixels). */
  async read(image: RgbImage, scale = 1): Promise<TextLine[]> {
    const crops = await this.detect(image, scale);
    if (crops.length === 0) return [];
    const upright = await this.classify(crops);
    const lines = await this.recognize(upright);
    return capLines(lines.filter((l) => l.text !== '' && l.confidence >= MIN_CONFIDENCE));
  }

  private async detect(image: RgbImage, scale: number): Promise<Crop[]> {
    const ratio = Math.min(1, DET_MAX_SIDE / Math.max(image.width, image.height));
    const w = Math.max(32, Math.round((image.width * ratio) / 32) * 32);
    const h = Math.max(32, Math.round((image.height * ratio) / 32) * 32);
    const input = new Float32Array(3 * w * h);
    writeTensor(image, w, h, input, 0, w, DET_MEAN, DET_STD);
    this.runs.detection++;
    const out = await this.det.run({ [this.det.inputNames[0]!]: new ort.Tensor('float32', input, [1, 3, h, w]) });
    const map = out[this.det.outputNames[0]!]!;
    const [mh, mw] = map.dims.slice(-2) as [number, number];
    const sx = image.width / mw;
    const sy = image.height / mh;
    const regions = textRegions(map.data as Float32Array, mw, mh)
      .map((r) => ({ x0: r.x0 * sx, y0: r.y0 * sy, x1: r.x1 * sx, y1: r.y1 * sy }))
      // Reading order: rows top to bottom (a line's centre below another's bottom starts a new row), then left to right.
      .sort((a, b) => {
        const sameRow = (a.y0 + a.y1) / 2 < b.y1 && (b.y0 + b.y1) / 2 < a.y1;
        return sameRow ? a.x0 - b.x0 : a.y0 - b.y0;
      });
    return regions.map((r) => {
      let piece = crop(image, r.x0, r.y0, r.x1, r.y1);
      // A box much taller than wide is a line written downwards (or a rotated image): turn it to lie flat.
      if (piece.height >= 1.5 * piece.width) piece = turnLeft(piece);
      const corner = (x: number, y: number): [number, number] => [Math.round(x * scale), Math.round(y * scale)];
      return {
        image: piece,
        box: [corner(r.x0, r.y0), corner(r.x1, r.y0), corner(r.x1, r.y1), corner(r.x0, r.y1)],
      };
    });
  }

  /** Turns back the crops the angle classifier finds upside down. */
  private async classify(crops: Crop[]): Promise<Crop[]> {
    const plane = 3 * REC_HEIGHT * CLS_WIDTH;
    const input = new Float32Array(crops.length * plane);
    crops.forEach((c, i) => {
      const width = Math.min(CLS_WIDTH, Math.ceil((REC_HEIGHT * c.image.width) / c.image.height));
      writeTensor(c.image, width, REC_HEIGHT, input, i * plane, CLS_WIDTH, HALF, HALF);
    });
    const out = await this.cls.run({
      [this.cls.inputNames[0]!]: new ort.Tensor('float32', input, [crops.length, 3, REC_HEIGHT, CLS_WIDTH]),
    });
    const probs = out[this.cls.outputNames[0]!]!.data as Float32Array;
    return crops.map((c, i) =>
      probs[i * 2 + 1]! > probs[i * 2]! && probs[i * 2 + 1]! > 0.9 ? { ...c, image: turnAround(c.image) } : c,
    );
  }

  private async recognize(crops: Crop[]): Promise<TextLine[]> {
    const ratio = (c: Crop) => c.image.width / c.image.height;
    // Similar widths share a batch, so little of it is padding.
    const order = crops.map((_, i) => i).sort((a, b) => ratio(crops[a]!) - ratio(crops[b]!));
    const lines = new Array<TextLine>(crops.length);
    for (let start = 0; start < order.length; start += REC_BATCH) {
      const batch = order.slice(start, start + REC_BATCH);
      const widest = Math.max(...batch.map((i) => ratio(crops[i]!)));
      const width = Math.min(REC_MAX_WIDTH, Math.max(REC_MIN_WIDTH, Math.ceil(REC_HEIGHT * widest)));
      const plane = 3 * REC_HEIGHT * width;
      const input = new Float32Array(batch.length * plane);
      batch.forEach((i, k) => {
        const c = crops[i]!;
        const w = Math.min(width, Math.max(1, Math.ceil(REC_HEIGHT * ratio(c))));
        writeTensor(c.image, w, REC_HEIGHT, input, k * plane, width, HALF, HALF);
      });
      this.runs.recognition++;
      const out = await this.rec.run({
        [this.rec.inputNames[0]!]: new ort.Tensor('float32', input, [batch.length, 3, REC_HEIGHT, width]),
      });
      const probs = out[this.rec.outputNames[0]!]!;
      const [, steps, classes] = probs.dims as [number, number, number];
      batch.forEach((i, k) => {
        const decoded = ctcGreedy(probs.data as Float32Array, k, steps, classes, this.charset);
        lines[i] = { text: stripControls(decoded.text), box: crops[i]!.box, confidence: decoded.confidence };
      });
    }
    return lines;
  }
}

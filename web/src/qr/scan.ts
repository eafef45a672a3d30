// Scanning a QR code with the camera: the one entry point for every screen that reads a code (device enrolment on
// the sign-in screen, the casualty hand-over). Uses the browser's BarcodeDetector where there is one; a decoder in
// JavaScript (jsQR, loaded lazily on the first frame) serves browsers without it and can be replaced
// (setFallbackDecoder), so screens never care which.

/** Decodes one video frame (drawn on a canvas) to the QR code's text, or null when none is seen. */
export type FrameDecoder = (frame: HTMLCanvasElement) => Promise<string | null>;

interface Detector { detect(src: CanvasImageSource): Promise<{ rawValue: string }[]> }
type DetectorCtor = new (o: { formats: string[] }) => Detector;

type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
let jsQr: Promise<JsQr> | null = null;
/** jsQR, fetched on the first frame only (it is CommonJS: the function is `default` or `default.default` by bundler). */
const loadJsQr = (): Promise<JsQr> => (jsQr ??= import('jsqr').then((m) => {
  const d = (m as unknown as { default: JsQr | { default: JsQr } }).default;
  return typeof d === 'function' ? d : d.default;
}));
/** The decoder for browsers without BarcodeDetector (Chromium on Linux and Windows, Firefox, Safari before 17). */
export const jsQrDecoder: FrameDecoder = async (frame) => {
  const g = frame.getContext('2d', { willReadFrequently: true });
  if (!g || !frame.width || !frame.height) return null;
  const decode = await loadJsQr();
  return decode(g.getImageData(0, 0, frame.width, frame.height).data, frame.width, frame.height)?.data ?? null;
};

let fallback: FrameDecoder | null = jsQrDecoder;
export const setFallbackDecoder = (d: FrameDecoder | null): void => void (fallback = d);

const native = (): DetectorCtor | null => ((globalThis as { BarcodeDetector?: DetectorCtor }).BarcodeDetector ?? null);

/** Which decoder reads codes in this browser: its own BarcodeDetector, else jsQR (Chromium on Linux has none). */
export const decoderName = (): 'BarcodeDetector' | 'jsQR' | null => (native() ? 'BarcodeDetector' : fallback ? 'jsQR' : null);

function frameDecoder(): FrameDecoder | null {
  const Ctor = native();
  const detector = Ctor ? new Ctor({ formats: ['qr_code'] }) : null;
  return detector ? async (c) => (await detector.detect(c).catch(() => []))[0]?.rawValue ?? null : fallback;
}

/** The text of the QR code in a still picture (a photo or a screenshot of one), or null. */
export async function decodePicture(img: HTMLImageElement | HTMLCanvasElement): Promise<string | null> {
  const decode = frameDecoder();
  if (!decode) return null;
  const c = document.createElement('canvas');
  c.width = img.width;
  c.height = img.height;
  const g = c.getContext('2d', { willReadFrequently: true })!;
  g.fillStyle = '#fff'; // a transparent picture reads as black: put it on white
  g.fillRect(0, 0, c.width, c.height);
  g.drawImage(img, 0, 0);
  return decode(c);
}

/** Can this browser scan at all (a camera API and a decoder)? */
export const canScan = (): boolean => typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia && (native() !== null || fallback !== null);

/**
 * Show the back camera in `container` until a QR code is read; resolves with its text. Rejects when the camera is
 * refused or `signal` aborts. The camera is always released.
 */
export async function scanQr(container: HTMLElement, signal?: AbortSignal): Promise<string> {
  const decode = frameDecoder();
  if (!decode) throw new Error('no QR decoder in this browser');
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  container.replaceChildren(video);
  const canvas = document.createElement('canvas');
  try {
    await video.play();
    for (;;) {
      if (signal?.aborted) throw new Error('scan cancelled');
      if (video.videoWidth) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        canvas.getContext('2d', { willReadFrequently: true })?.drawImage(video, 0, 0);
        const text = await decode(canvas);
        if (text) return text;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    stream.getTracks().forEach((t) => t.stop());
    container.replaceChildren();
  }
}

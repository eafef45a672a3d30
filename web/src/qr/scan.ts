// Scanning a QR code with the camera: the one entry point for every screen that reads a code (device enrolment on
// the sign-in screen, the casualty hand-over). Uses the browser's BarcodeDetector where there is one; a decoder in
// JavaScript can be plugged in for browsers without it (setFallbackDecoder), so screens never care which.

/** Decodes one video frame (drawn on a canvas) to the QR code's text, or null when none is seen. */
export type FrameDecoder = (frame: HTMLCanvasElement) => Promise<string | null>;

interface Detector { detect(src: CanvasImageSource): Promise<{ rawValue: string }[]> }
type DetectorCtor = new (o: { formats: string[] }) => Detector;

let fallback: FrameDecoder | null = null;
export const setFallbackDecoder = (d: FrameDecoder | null): void => void (fallback = d);

const native = (): DetectorCtor | null => ((globalThis as { BarcodeDetector?: DetectorCtor }).BarcodeDetector ?? null);

/** Can this browser scan at all (a camera API and a decoder)? */
export const canScan = (): boolean => typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia && (native() !== null || fallback !== null);

/**
 * Show the back camera in `container` until a QR code is read; resolves with its text. Rejects when the camera is
 * refused or `signal` aborts. The camera is always released.
 */
export async function scanQr(container: HTMLElement, signal?: AbortSignal): Promise<string> {
  const Ctor = native();
  const detector = Ctor ? new Ctor({ formats: ['qr_code'] }) : null;
  const decode: FrameDecoder | null = detector
    ? async (c) => (await detector.detect(c))[0]?.rawValue ?? null
    : fallback;
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
        canvas.getContext('2d')?.drawImage(video, 0, 0);
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

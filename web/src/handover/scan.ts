// Scanning a hand-over code (issue 17): the browser's BarcodeDetector where it exists, else jsQR, loaded only here.
// The code is read, its signature checked against the signer's key from the last sync, and its records kept:
// verified → merged by id; signer unknown → kept apart, marked; signature wrong or code damaged → refused.
import { h, clear } from '../dom.ts';
import { t } from '../i18n.ts';
import { author, deviceId } from '../device.ts';
import { receiveHandover } from '../store.ts';
import { observeHandover, serverNowIso } from '../sync/clock.ts';
import { HandoverError, fromQrText, openHandover, verifyHandover } from '../../../src/interop/handover/code.ts';
import { knownKey } from './keys.ts';
import { th } from './i18n.ts';
import type { Screen } from '../screen.ts';

interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
declare const BarcodeDetector: { new (o: { formats: string[] }): Detector } | undefined;

/** The text of the QR code in a picture, or null. */
async function readPicture(img: HTMLImageElement | HTMLVideoElement | HTMLCanvasElement): Promise<string | null> {
  if (typeof BarcodeDetector !== 'undefined') {
    const [hit] = await new BarcodeDetector({ formats: ['qr_code'] }).detect(img).catch(() => []);
    if (hit) return hit.rawValue;
  }
  const w = img instanceof HTMLVideoElement ? img.videoWidth : img.width;
  const hgt = img instanceof HTMLVideoElement ? img.videoHeight : img.height;
  const c = document.createElement('canvas');
  c.width = w;
  c.height = hgt;
  const g = c.getContext('2d', { willReadFrequently: true })!;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, w, hgt);
  g.drawImage(img, 0, 0, w, hgt);
  // jsQR is CommonJS: its function is the default export, or that export's `default`, depending on the bundler.
  const mod = (await import('jsqr')) as unknown as { default: JsQr | { default: JsQr } };
  const jsQR = typeof mod.default === 'function' ? mod.default : mod.default.default;
  return jsQR(g.getImageData(0, 0, w, hgt).data, w, hgt)?.data ?? null;
}

async function imageOf(file: Blob): Promise<HTMLImageElement> {
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}

export const scanScreen: Screen = (root) => {
  const result = h('div', { id: 'scan-result', role: 'status', 'aria-live': 'polite' });
  const video = h('video', { class: 'scan-video', hidden: true, playsinline: true, muted: true });
  let stream: MediaStream | null = null;
  const stop = (): void => {
    stream?.getTracks().forEach((k) => k.stop());
    stream = null;
    video.hidden = true;
  };

  const take = async (text: string | null, started: number): Promise<void> => {
    if (!text) return void clear(result, h('p', { class: 'error' }, th('ho.noCode')));
    try {
      const opened = await openHandover(fromQrText(text), { deviceId: deviceId(), author: author(), now: serverNowIso() });
      const key = knownKey(opened.card.signer);
      const verified = key ? await verifyHandover(opened, key) : false;
      if (key && !verified) throw new HandoverError('signature');
      if (verified) observeHandover(opened.card.clockMs); // a trusted sender's clock, if this phone has none (SYNC-15)
      const n = await receiveHandover(opened.card.events, { device: opened.card.signer, author: opened.card.author }, verified);
      const ms = Math.round(performance.now() - started);
      result.dataset.verified = String(verified);
      result.dataset.ms = String(ms);
      clear(result,
        h('p', { class: verified ? 'ok' : 'error', id: 'scan-status' }, verified ? '✓ ' : '⚠ ', th(verified ? 'ho.verified' : 'ho.unverified')),
        h('p', { class: 'muted' }, th('ho.from', { device: opened.card.signer, author: opened.card.author, n, ms })),
        h('a', { class: 'btn big primary', id: 'scan-open', href: `#/c/${opened.card.casualtyId}` }, t('common.next')));
    } catch (e) {
      result.dataset.verified = 'refused';
      clear(result, h('p', { class: 'error', id: 'scan-status' }, '✖ ', th('ho.refused', { why: e instanceof Error ? e.message : String(e) })));
    }
  };

  const file = h('input', {
    type: 'file', accept: 'image/*', capture: 'environment', id: 'scan-file', class: 'btn big',
    onchange: () => {
      const f = file.files?.[0];
      if (!f) return;
      const started = performance.now();
      void imageOf(f).then(readPicture).then((text) => take(text, started)).catch(() => take(null, started));
    },
  });
  const paste = h('textarea', { id: 'scan-text', rows: 3, 'aria-label': th('ho.paste'), placeholder: th('ho.paste') });
  const camera = async (): Promise<void> => {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    } catch (e) {
      return void clear(result, h('p', { class: 'error' }, t('common.error', { msg: e instanceof Error ? e.message : String(e) })));
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    const started = performance.now();
    const tick = async (): Promise<void> => {
      if (!stream) return;
      const text = video.videoWidth ? await readPicture(video) : null;
      if (text) {
        stop();
        return take(text, started);
      }
      setTimeout(() => void tick(), 250);
    };
    void tick();
  };

  clear(root,
    h('h2', null, th('ho.scan')),
    h('p', { class: 'muted' }, th('ho.scanHelp')),
    h('button', { class: 'btn big', id: 'scan-camera', onclick: () => void camera() }, th('ho.camera')),
    video,
    h('label', { class: 'stack' }, th('ho.photo'), file),
    paste,
    h('button', { class: 'btn big', id: 'scan-read', onclick: () => void take(paste.value.trim() || null, performance.now()) }, th('ho.read')),
    result);
  return stop;
};

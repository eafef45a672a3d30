// Scanning a hand-over code (issue 17) through the app's one QR reader (web/src/qr/scan.ts: the browser's
// BarcodeDetector where it exists, else jsQR, loaded lazily), from the camera or a photo.
// The code is read, its signature checked against the signer's key from the last sync, and its records kept:
// verified → merged by id; signer unknown → kept apart, marked; signature wrong or code damaged → refused.
import { h, clear } from '../dom.ts';
import { t } from '../i18n.ts';
import { author, deviceId } from '../device.ts';
import { receiveHandover } from '../store.ts';
import { observeHandover, serverNowIso } from '../sync/clock.ts';
import { HandoverError, fromQrText, openHandover, verifyHandover } from '../../../src/interop/handover/code.ts';
import { knownKey } from './keys.ts';
import { leftText, th } from './i18n.ts';
import type { Screen } from '../screen.ts';

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
  const camBox = h('div', { class: 'scan-box', id: 'scan-camera-box' });
  const abort = new AbortController();
  const stop = (): void => abort.abort();

  /** `via`: how the text came (the camera and a photo go through a QR decoder, named in `data-decoder`). */
  const take = async (text: string | null, started: number, via: 'camera' | 'photo' | 'text'): Promise<void> => {
    if (!text) return void clear(result, h('p', { class: 'error' }, th('ho.noCode')));
    try {
      const opened = await openHandover(fromQrText(text), { deviceId: deviceId(), author: author(), now: serverNowIso() });
      const key = knownKey(opened.card.signer);
      const verified = key ? await verifyHandover(opened, key) : false;
      if (key && !verified) throw new HandoverError('signature');
      if (verified) observeHandover(opened.card.clockMs); // a trusted sender's clock, if this phone has none (SYNC-15)
      const n = await receiveHandover(opened.card.events, { device: opened.card.signer, author: opened.card.author }, verified, text.trim());
      const ms = Math.round(performance.now() - started);
      result.dataset.verified = String(verified);
      result.dataset.ms = String(ms);
      result.dataset.via = via;
      if (via !== 'text') result.dataset.decoder = (await import('../qr/scan.ts')).decoderName() ?? '';
      clear(result,
        h('p', { class: verified ? 'ok' : 'error', id: 'scan-status' }, verified ? '✓ ' : '⚠ ', th(verified ? 'ho.verified' : 'ho.unverified')),
        verified ? null : h('p', { id: 'scan-todo' }, th('ho.unverifiedTodo')),
        h('p', { class: 'muted' }, th('ho.from', { device: opened.card.signer, author: opened.card.author, n, ms })),
        verified && n === 0 ? h('p', { id: 'scan-nothing-new' }, th('ho.nothingNew')) : null, // a second scan of one code
        // A long card's code leaves records out (SYNC-25): said, so the card here is not taken for the whole of it.
        opened.card.left ? h('p', { class: 'error', id: 'scan-left' }, th('ho.leftOut', { what: leftText(opened.card.left) }), ' ', th('ho.leftThere')) : null,
        h('a', { class: 'btn big primary', id: 'scan-open', href: `#/c/${opened.card.casualtyId}` }, t('common.next')));
    } catch (e) {
      result.dataset.verified = 'refused';
      // The decoder's reason is English and technical: kept for a support person (title), not in the reader's sentence.
      clear(result, h('p', { class: 'error', id: 'scan-status', title: e instanceof Error ? e.message : String(e) }, '✖ ', th('ho.refused')));
    }
  };

  const file = h('input', {
    // Hidden behind its label: the browser's own "Choose File" stays in the browser's language, not the app's.
    type: 'file', accept: 'image/*', capture: 'environment', id: 'scan-file', class: 'vh',
    onchange: () => {
      const f = file.files?.[0];
      if (!f) return;
      const started = performance.now();
      void Promise.all([imageOf(f), import('../qr/scan.ts')]).then(([img, qr]) => qr.decodePicture(img)).then((text) => take(text, started, 'photo')).catch(() => take(null, started, 'photo'));
    },
  });
  const paste = h('textarea', { id: 'scan-text', rows: 3, 'aria-label': th('ho.paste'), placeholder: th('ho.paste') });
  const camera = async (): Promise<void> => {
    const { scanQr } = await import('../qr/scan.ts');
    const started = performance.now();
    try {
      await take(await scanQr(camBox, abort.signal), started, 'camera');
    } catch (e) {
      if (!abort.signal.aborted) clear(result, h('p', { class: 'error' }, t('common.error', { msg: e instanceof Error ? e.message : String(e) })));
    }
  };

  clear(root,
    h('h2', null, th('ho.scan')),
    h('p', { class: 'muted' }, th('ho.scanHelp')),
    h('button', { class: 'btn big', id: 'scan-camera', onclick: () => void camera() }, th('ho.camera')),
    camBox,
    h('label', { class: 'btn big', id: 'scan-photo' }, th('ho.photo'), file),
    paste,
    h('button', { class: 'btn big', id: 'scan-read', onclick: () => void take(paste.value.trim() || null, performance.now(), 'text') }, th('ho.read')),
    result);
  return stop;
};

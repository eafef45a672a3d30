// The hand-over code of one casualty (issue 17): a signed QR of its records for a phone or the facility view to scan
// with no network, and a printable tag for the paper card (name or roster, time of injury, tourniquets, the code).
import { h, clear } from '../dom.ts';
import { t, tc } from '../i18n.ts';
import { casualtyState } from '../store.ts';
import { author, deviceId } from '../device.ts';
import { shortId, stamp } from '../fmt.ts';
import { packHandover, toQrText } from '../../../src/interop/handover/code.ts';
import { deviceKeys } from './keys.ts';
import { serverNow } from '../sync/clock.ts';
import { th } from './i18n.ts';
import type { Screen } from '../screen.ts';

export const handoverScreen: Screen = (root, params) => {
  const id = params[0]!;
  const qr = h('div', { class: 'ho-qr', id: 'handover-qr', role: 'img', 'aria-label': th('ho.title') });
  const size = h('p', { class: 'muted', id: 'handover-size' });
  const tag = h('section', { class: 'print-tag', id: 'print-tag', 'aria-label': th('ho.tag') });
  clear(root,
    h('div', { class: 'row no-print' }, h('a', { class: 'btn', href: `#/c/${id}` }, '← ', t('common.back')), h('h2', null, th('ho.title'))),
    h('p', { class: 'no-print' }, th('ho.help')),
    tag,
    size,
    h('button', { class: 'btn big no-print', id: 'print-tag-btn', onclick: () => window.print() }, th('ho.print')));

  void (async () => {
    const { state: s, rows } = await casualtyState(id);
    const events = rows.filter((r) => r.status !== 'held').map((r) => r.event);
    // The destination this phone knows (planned or assigned, not in dispute): only its desk is admitted (SYNC-24).
    const to = s.destination.conflict ? null : s.destination.value;
    const code = await packHandover({ casualtyId: id, signer: deviceId(), author: author(), events, clockMs: serverNow(), ...(to ? { facility: to } : {}) }, (await deviceKeys()).privateKey);
    const text = toQrText(code);
    const { qrSvg } = await import('../qr/render.ts'); // lazy: not in the field view's first load
    qr.innerHTML = qrSvg(text, 'L'); // our own SVG string, made from our own bytes
    qr.dataset.code = text;
    size.dataset.bytes = String(code.length);
    size.textContent = th('ho.size', { n: code.length });
    // The tag travels with the casualty, maybe to another day and zone: every time on it with its date and zone.
    const tqs = s.tourniquets.map((q) => `${tc('limb', q.limb)} ${stamp(q.appliedAt)}${q.convertedAt ?? q.removedAt ? ` → ${stamp(q.convertedAt ?? q.removedAt)}` : ''}`);
    clear(tag,
      h('h3', null, th('ho.tag'), ': ', s.identity.name ?? s.identity.battleRoster ?? shortId(id)),
      s.identity.battleRoster && s.identity.name ? h('p', null, s.identity.battleRoster) : null,
      h('p', null, th('ho.injured'), ': ', h('strong', null, stamp(s.injuredAt))),
      h('p', null, th('ho.tq'), ': ', h('strong', null, tqs.length ? tqs.join(' · ') : th('ho.none'))),
      qr);
  })();
  return undefined;
};

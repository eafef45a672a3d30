// The hand-over code of one casualty (issue 17): a signed QR of its records for a phone or the facility view to scan
// with no network, and a printable tag for the paper card (name or roster, time of injury, tourniquets, the code).
import { h, clear } from '../dom.ts';
import { t, tc } from '../i18n.ts';
import { casualtyState } from '../store.ts';
import { author, deviceId } from '../device.ts';
import { shortId, stamp } from '../fmt.ts';
import { MAX_CODE_BYTES, countByType, packHandoverLeaving, toQrText } from '../../../src/interop/handover/code.ts';
import type { CasualtyEvent } from '../../../src/core/index.ts';
import { deviceKeys } from './keys.ts';
import { serverNow } from '../sync/clock.ts';
import { leftText, th } from './i18n.ts';
import type { Screen } from '../screen.ts';

export const handoverScreen: Screen = (root, params) => {
  const id = params[0]!;
  const qr = h('div', { class: 'ho-qr', id: 'handover-qr', role: 'img', 'aria-label': th('ho.title') });
  const size = h('p', { class: 'muted', id: 'handover-size' });
  const left = h('div', { id: 'handover-left-box' });
  const tag = h('section', { class: 'print-tag', id: 'print-tag', 'aria-label': th('ho.tag') });
  clear(root,
    h('div', { class: 'row no-print' }, h('a', { class: 'btn', href: `#/c/${id}` }, '← ', t('common.back')), h('h2', null, th('ho.title'))),
    h('p', { class: 'no-print' }, th('ho.help')),
    left,
    tag,
    size,
    h('button', { class: 'btn big no-print', id: 'print-tag-btn', onclick: () => window.print() }, th('ho.print')));

  void (async () => {
    const { state: s, rows } = await casualtyState(id);
    const events = rows.filter((r) => r.status !== 'held').map((r) => r.event);
    // The destination this phone knows (planned or assigned, not in dispute): only its desk is admitted (SYNC-24).
    const to = s.destination.conflict ? null : s.destination.value;
    const { code, left: out } = await packHandoverLeaving({ casualtyId: id, signer: deviceId(), author: author(), events, clockMs: serverNow(), ...(to ? { facility: to } : {}) }, (await deviceKeys()).privateKey);
    clear(left, leftOut(out), code.length > MAX_CODE_BYTES ? h('p', { class: 'error', id: 'handover-dense' }, th('ho.dense')) : null);
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

/**
 * What a long card's code does not carry (SYNC-25), said where the medic hands over: the counts, and the notes left out
 * themselves (newest first) to be read out — a note holds what no button records ("packed left flank").
 */
function leftOut(out: CasualtyEvent[]): HTMLElement | null {
  if (!out.length) return null;
  const counts = countByType(out);
  const notes = out.filter((e) => e.type === 'note').reverse();
  return h('div', { class: 'ho-left', id: 'handover-left', role: 'alert' },
    h('p', null, h('strong', null, th('ho.leftOut', { what: leftText(counts) }))),
    h('p', null, th('ho.leftHere')),
    // Closed: opened, a dozen notes pushed the code itself off the screen.
    notes.length ? h('details', null, h('summary', null, `${th('ho.leftNotes')} (${notes.length})`),
      h('ul', null, notes.map((e) => h('li', { 'data-left-note': e.id }, `${stamp(e.at)} — ${(e.payload as { text?: string }).text ?? ''}`)))) : null);
}

// Evidence for a claim from the claim screen: a URL, a note, and an archived copy picked from the phone or computer.
// The file is checked here before anything is sent (size, type by its first bytes — the same rules the server applies
// again), its SHA-256 is shown as soon as it is picked, and it goes to the claims ledger with that hash, which the
// server recomputes: a copy altered on the way is refused.
import { h } from '../dom.ts';
import { api, apiBytes } from '../api.ts';
import { EVIDENCE_MEDIA, MAX_EVIDENCE_BYTES, sniffMediaType } from '../../../src/core/claims.ts';
import type { Evidence } from '../../../src/core/claims.ts';
import { at, code, errorText } from './i18n.ts';
import { comparisonText } from './basis.ts';

type Picked = { bytes: Uint8Array; sha256: string; mediaType: string; name: string };

const kb = (n: number): string => at('acc.ev.kb', { n: Math.max(1, Math.round(n / 1024)) });

/** The first thing wrong with a picked file, as a localised line (null: it may be sent). */
export function fileProblem(bytes: Uint8Array, mediaType: string): string | null {
  if (bytes.length === 0) return at('acc.ev.empty');
  if (bytes.length > MAX_EVIDENCE_BYTES) return at('acc.ev.tooBig', { size: kb(bytes.length) });
  if (!(EVIDENCE_MEDIA as readonly string[]).includes(mediaType)) return at('acc.ev.badType', { type: mediaType || '?' });
  const seen = sniffMediaType(bytes);
  const ok = seen === 'text' ? mediaType === 'text/plain' || mediaType === 'text/html' : seen === mediaType;
  return ok ? null : at('acc.ev.mismatch', { type: mediaType });
}

/** The media type to declare: the browser's, or (when it gives none) what the first bytes say. */
export function mediaTypeOf(file: { type: string }, bytes: Uint8Array): string {
  if (file.type) return file.type;
  const seen = sniffMediaType(bytes);
  return seen === 'text' ? 'text/plain' : (seen ?? '');
}

const hex = (b: ArrayBuffer): string => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('');
function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The "add evidence" fieldset of one claim; `done` re-reads the claim after a stored piece of evidence. */
export function evidenceForm(claimId: string, done: () => void): HTMLElement {
  const url = h('input', { id: 'cl-ev-url', class: 'acc-input', type: 'url', maxlength: 2000 });
  const note = h('input', { id: 'cl-ev-note', class: 'acc-input', type: 'text', maxlength: 2000 });
  // The native picker's own button speaks the browser's language: it is hidden behind a button in ours (its label).
  const file = h('input', { id: 'cl-ev-file', class: 'acc-file-input', type: 'file', 'aria-describedby': 'cl-ev-file-help', accept: [...EVIDENCE_MEDIA, '.pdf', '.png', '.jpg', '.jpeg', '.webp', '.txt', '.html', '.htm'].join(',') });
  const pick = h('label', { for: 'cl-ev-file', class: 'btn acc-file-btn', id: 'cl-ev-pick' }, at('acc.ev.choose'));
  const picked = h('div', { id: 'cl-ev-picked', class: 'acc-picked', 'aria-live': 'polite' });
  const msg = h('p', { id: 'cl-ev-msg', 'aria-live': 'polite' });
  const add = h('button', { class: 'btn', type: 'button', id: 'cl-ev-add' }, at('acc.claim.addEvidence'));
  let chosen: Picked | null = null;
  let refused = false;
  const show = (...nodes: (Node | string | null)[]) => picked.replaceChildren(...nodes.filter((n): n is Node | string => n !== null));

  file.addEventListener('change', () => {
    void (async () => {
      chosen = null;
      refused = false;
      msg.textContent = '';
      const f = file.files?.[0];
      if (!f) return show();
      // Refuse a file far over the limit before reading it whole.
      if (f.size > MAX_EVIDENCE_BYTES) {
        refused = true;
        return show(h('p', { class: 'error', role: 'alert' }, at('acc.ev.tooBig', { size: kb(f.size) })));
      }
      show(h('p', { class: 'muted' }, at('acc.ev.hashing')));
      const bytes = new Uint8Array(await f.arrayBuffer());
      const mediaType = mediaTypeOf(f, bytes);
      const problem = fileProblem(bytes, mediaType);
      if (problem) {
        refused = true;
        return show(h('p', { class: 'error', role: 'alert' }, problem));
      }
      const sha256 = hex(await crypto.subtle.digest('SHA-256', bytes));
      chosen = { bytes, sha256, mediaType, name: f.name };
      show(
        h('p', null, `${f.name} · ${kb(bytes.length)} · ${mediaType}`),
        h('p', null, `${at('acc.ev.sha')}: `, h('code', { id: 'cl-ev-sha', class: 'acc-sha' }, sha256)),
      );
    })();
  });

  add.addEventListener('click', () => {
    void (async () => {
      if (refused) return;
      const c = chosen;
      const body = {
        firstSeen: new Date().toISOString(),
        ...(url.value ? { url: url.value } : {}),
        ...(note.value.trim() ? { note: note.value.trim() } : {}),
        ...(c ? { archiveBase64: base64(c.bytes), sha256: c.sha256, mediaType: c.mediaType, fileName: c.name.slice(0, 200), kind: c.mediaType.startsWith('image/') ? 'photo' : 'document' } : {}),
      };
      add.disabled = true;
      try {
        await api(`/api/claims/${encodeURIComponent(claimId)}/evidence`, { body });
        done();
      } catch (e) {
        msg.className = 'error';
        msg.textContent = errorText(e);
      } finally {
        add.disabled = false;
      }
    })();
  });

  return h('fieldset', { id: 'cl-ev-form' }, h('legend', null, at('acc.claim.addEvidence')),
    h('label', { class: 'acc-field' }, h('span', null, at('acc.claim.url')), url),
    h('label', { class: 'acc-field' }, h('span', null, at('acc.claim.note')), note),
    h('div', { class: 'acc-field acc-field-wide' }, h('span', { id: 'cl-ev-file-help' }, at('acc.ev.file')), h('div', { class: 'row' }, file, pick)),
    picked, add, msg);
}

/**
 * The "download the archived copy" button: the bytes are fetched, their SHA-256 computed here and compared with the
 * hash recorded when the copy was archived; only a copy that matches is handed to the browser to save.
 */
function downloadButton(e: Evidence & { sha256: string }): HTMLElement[] {
  const msg = h('p', { class: 'acc-dl-msg', 'aria-live': 'polite' });
  const name = e.fileName || `evidence-${e.id}`;
  const button = h('button', { class: 'btn', type: 'button', 'data-download': e.id }, at('acc.ev.download'));
  button.addEventListener('click', () => {
    void (async () => {
      button.disabled = true;
      msg.className = 'acc-dl-msg muted';
      msg.textContent = at('acc.ev.checking');
      try {
        const bytes = await apiBytes(`/api/claims/evidence/${encodeURIComponent(e.id)}/archive`);
        const got = hex(await crypto.subtle.digest('SHA-256', bytes));
        if (got !== e.sha256) {
          msg.className = 'acc-dl-msg error';
          msg.setAttribute('role', 'alert');
          msg.textContent = at('acc.ev.tampered', { got });
          return;
        }
        // Saved as opaque bytes under its own name: an archived web page is never opened in our origin.
        const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
        const a = h('a', { href: url, download: name, hidden: true });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        msg.className = 'acc-dl-msg ok';
        msg.textContent = at('acc.ev.checked', { name });
      } catch (err) {
        msg.className = 'acc-dl-msg error';
        msg.textContent = errorText(err);
      } finally {
        button.disabled = false;
      }
    })();
  });
  return [button, msg];
}

/** One stored piece of evidence: its kind and grade, link, note, and the archived copy's name, size, type and full hash. */
export function evidenceItem(e: Evidence): HTMLElement {
  return h('li', { 'data-kind': e.kind, ...(e.sha256 ? { 'data-sha256': e.sha256 } : {}) },
    `${code(e.kind)}${e.reliability ? ` [${e.reliability}${e.credibility}]` : ''}: `,
    // A link only for the web: a javascript: or file: URL stored before session 49 (or a peer's) is shown as text.
    e.url ? (/^https?:\/\//i.test(e.url) ? h('a', { href: e.url, rel: 'noopener noreferrer' }, e.url) : h('span', { class: 'mono', 'data-not-a-link': '' }, e.url)) : null,
    // A kept comparison is data, said here in the reader's language; the note beside it is the keeper's own words.
    // Only a comparison the server could not read back (free text of an old server) is shown as its English text.
    e.comparison ? h('span', { class: 'acc-kept', 'data-comparison': e.comparison.counts ? 'counts' : 'withheld' }, comparisonText(e.comparison)) : null,
    e.note ? (e.kind === 'recorded-comparison' ? (e.comparison ? ` — ${e.note}` : h('span', { lang: 'en' }, ` ${e.note}`)) : ` ${e.note}`) : '',
    e.hasArchive ? h('span', { class: 'acc-archive' }, ` ${e.fileName ?? ''} (${e.mediaType ?? '?'})`) : null,
    e.sha256 ? h('code', { class: 'acc-sha' }, ` SHA-256 ${e.sha256}`) : null,
    e.hasArchive && e.sha256 ? h('div', { class: 'acc-dl' }, downloadButton({ ...e, sha256: e.sha256 })) : null);
}

// Replicated entries kept beside a claim instead of applied (conflicts, set aside), and settling a kept conflict: a
// person says why it is settled; the server records who and when in the claim's history (audited, replicated).
import { h } from '../dom.ts';
import { api } from '../api.ts';
import { time } from '../fmt.ts';
import type { SyncConflict } from '../../../src/core/claims.ts';
import { at, code, errorText, whyText } from './i18n.ts';

function settleForm(claimId: string, c: SyncConflict, done: () => void): HTMLElement {
  const id = `cl-settle-${c.entryId}`;
  const why = h('input', { id, class: 'acc-input', type: 'text', maxlength: 1000 });
  const msg = h('p', { 'aria-live': 'polite' });
  const button = h('button', { class: 'btn', type: 'button', 'data-settle': c.entryId }, at('acc.conflict.settle'));
  button.addEventListener('click', () => {
    void (async () => {
      const reason = why.value.trim();
      if (!reason) {
        msg.className = 'error';
        msg.textContent = at('acc.conflict.needWhy');
        return;
      }
      button.disabled = true;
      try {
        await api(`/api/claims/${encodeURIComponent(claimId)}/conflicts/${encodeURIComponent(c.entryId)}/settle`, { body: { reason } });
        done();
      } catch (e) {
        msg.className = 'error';
        msg.textContent = errorText(e);
      } finally {
        button.disabled = false;
      }
    })();
  });
  return h('div', { class: 'acc-settle' }, h('label', { class: 'acc-field', for: id }, h('span', null, at('acc.conflict.why')), why), button, msg);
}

/** One kept entry: when, from which server, who did what and why it was not applied; settled or a form to settle it. */
export function conflictItem(claimId: string, c: SyncConflict, canWrite: boolean, done: () => void): HTMLElement {
  return h('li', { 'data-outcome': c.outcome, 'data-entry': c.entryId, ...(c.settled ? { 'data-settled': 'true' } : {}) },
    `${time(c.at)} · ${c.peer} · ${c.actor} · ${code(c.action)}${c.why ? ` — ${whyText(c.why)}` : c.reason ? ` — ${c.reason}` : ''}`,
    c.settled ? h('p', { class: 'acc-settled' }, at('acc.conflict.settled', { by: c.settled.by, at: time(c.settled.at), why: c.settled.reason })) : null,
    !c.settled && c.outcome === 'conflict' && canWrite ? settleForm(claimId, c, done) : null);
}

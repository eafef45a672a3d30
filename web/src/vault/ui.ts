// The PIN lock on screen (issue 17): a full-screen lock while the vault is locked, a lock button in the header, and
// the PIN setup offered on the field home until a PIN is set.
import { h, clear } from '../dom.ts';
import { protectWithPin, wipeIfAllSent } from '../store.ts';
import { enabled, failures, lock, locked, onVault, startIdleLock, unlock, MAX_TRIES } from './vault.ts';
import { tv } from './i18n.ts';

const pinInput = (id: string, label: string): HTMLInputElement =>
  h('input', { id, type: 'password', inputmode: 'numeric', autocomplete: 'off', minlength: 6, maxlength: 32, 'aria-label': label, placeholder: label });

/** The lock screen and the header's lock button; call once. */
export function mountVault(headerStrip: HTMLElement): void {
  const overlay = h('section', { class: 'vault-lock', id: 'vault-lock', hidden: true, role: 'dialog', 'aria-modal': 'true', 'aria-label': tv('vault.locked') });
  const lockBtn = h('button', { class: 'btn small', id: 'lock-now', hidden: true, onclick: () => lock() }, tv('vault.lock'));
  headerStrip.append(lockBtn);
  document.body.append(overlay);
  const render = (): void => {
    lockBtn.hidden = !enabled() || locked();
    overlay.hidden = !locked();
    if (overlay.hidden) return;
    const pin = pinInput('pin', tv('vault.pin'));
    const msg = h('p', { id: 'vault-msg', role: 'status' }, failures() ? tv('vault.wrong', { n: Math.max(0, MAX_TRIES - failures()) }) : '');
    const submit = async (): Promise<void> => {
      msg.textContent = tv('vault.working');
      const r = await unlock(pin.value, wipeIfAllSent);
      pin.value = '';
      msg.dataset.result = r;
      msg.textContent = r === 'wrong' ? tv('vault.wrong', { n: MAX_TRIES - failures() }) : r === 'sealed' ? tv('vault.sealed') : r === 'wiped' ? tv('vault.wiped') : '';
      if (r === 'wiped') setTimeout(() => location.reload(), 1500);
    };
    clear(overlay,
      h('h2', null, tv('vault.locked')),
      h('form', { onsubmit: (e: Event) => { e.preventDefault(); void submit(); } }, pin, h('button', { class: 'btn big primary', id: 'unlock', type: 'submit' }, tv('vault.unlock'))),
      msg);
    pin.focus();
  };
  onVault(render);
  render();
  startIdleLock();
}

/** The PIN setup block for the field home, or nothing once a PIN is set. */
export function pinSetup(): HTMLElement | null {
  if (enabled()) return null;
  const pin = pinInput('pin-new', tv('vault.newPin'));
  const msg = h('p', { class: 'muted', role: 'status' });
  const box = h('details', { class: 'sec', id: 'pin-setup' },
    h('summary', null, tv('vault.setup')),
    h('p', { class: 'muted' }, tv('vault.setupHelp')),
    h('form', {
      onsubmit: (e: Event) => {
        e.preventDefault();
        if (!/^\d{6,32}$/.test(pin.value)) return void (msg.textContent = tv('vault.tooShort'));
        msg.textContent = tv('vault.working');
        void protectWithPin(pin.value).then(() => box.remove());
      },
    }, pin, h('button', { class: 'btn big primary', id: 'pin-set', type: 'submit' }, tv('vault.set'))),
    msg);
  return box;
}

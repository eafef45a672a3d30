// The PIN gate on screen (issue 17): one full-screen panel that asks for a new PIN while none is set (the app stores
// nothing before), for the PIN while locked, and is hidden while open; and a lock button in the header. Its mode is
// in `data-mode` (setup | locked | open). Alarms stay visible above it, naming nothing (alarm.ts).
import { h, clear } from '../dom.ts';
import { REVOKED, wipeIfAllSent } from '../store.ts';
import { enabled, failures, lock, locked, onVault, setPin, startIdleLock, unlock, MAX_TRIES } from './vault.ts';
import { tv } from './i18n.ts';

const pinInput = (id: string, label: string): HTMLInputElement =>
  h('input', { id, type: 'password', inputmode: 'numeric', autocomplete: 'off', minlength: 6, maxlength: 32, 'aria-label': label, placeholder: label });

function setupForm(msg: HTMLElement): HTMLElement[] {
  const pin = pinInput('pin-new', tv('vault.newPin'));
  const again = pinInput('pin-repeat', tv('vault.repeatPin'));
  const submit = (): void => {
    if (!/^\d{6,32}$/.test(pin.value)) return void (msg.textContent = tv('vault.tooShort'));
    if (pin.value !== again.value) return void (msg.textContent = tv('vault.mismatch'));
    msg.textContent = tv('vault.working');
    void setPin(pin.value).then(() => localStorage.removeItem(REVOKED));
  };
  return [
    h('h2', null, tv('vault.setup')),
    h('p', null, tv('vault.setupHelp')),
    h('form', { onsubmit: (e: Event) => { e.preventDefault(); submit(); } }, pin, again, h('button', { class: 'btn big primary', id: 'pin-set', type: 'submit' }, tv('vault.set'))),
  ];
}

function unlockForm(msg: HTMLElement): HTMLElement[] {
  const pin = pinInput('pin', tv('vault.pin'));
  const submit = async (): Promise<void> => {
    msg.textContent = tv('vault.working');
    const r = await unlock(pin.value, wipeIfAllSent);
    pin.value = '';
    msg.dataset.result = r;
    msg.textContent = r === 'wrong' ? tv('vault.wrong', { n: MAX_TRIES - failures() }) : r === 'sealed' ? tv('vault.sealed') : r === 'wiped' ? tv('vault.wiped') : '';
    if (r === 'wiped') setTimeout(() => location.reload(), 1500);
  };
  if (failures()) msg.textContent = tv('vault.wrong', { n: Math.max(0, MAX_TRIES - failures()) });
  return [
    h('h2', null, tv('vault.locked')),
    h('form', { onsubmit: (e: Event) => { e.preventDefault(); void submit(); } }, pin, h('button', { class: 'btn big primary', id: 'unlock', type: 'submit' }, tv('vault.unlock'))),
  ];
}

const PADLOCK = '<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 2a5 5 0 0 0-5 5v3H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-8a2 2 0 0 0-2-2h-1V7a5 5 0 0 0-5-5zm-3 8V7a3 3 0 0 1 6 0v3H9z"/></svg>';

/** The gate, and the lock button put in the header just before `beside`; call once. */
export function mountVault(beside: HTMLElement): void {
  const overlay = h('section', { class: 'vault-lock', id: 'vault-lock', hidden: true, role: 'dialog', 'aria-modal': 'true', 'aria-label': tv('vault.locked') });
  const lockBtn = h('button', { class: 'btn small lock-now', id: 'lock-now', hidden: true, 'aria-label': tv('vault.lock'), title: tv('vault.lock'), onclick: () => lock() });
  lockBtn.innerHTML = PADLOCK; // our own constant: a padlock that fits the header bar at 360 px in either language
  beside.before(lockBtn);
  document.body.append(overlay);
  let mode = '';
  /** One message line for every mode: a result stays readable after the form it came from is gone. */
  const msg = h('p', { id: 'vault-msg', role: 'status' });
  const render = (): void => {
    const now = !enabled() ? 'setup' : locked() ? 'locked' : 'open';
    lockBtn.hidden = now !== 'open';
    overlay.hidden = now === 'open';
    document.body.classList.toggle('vault-shut', now !== 'open');
    if (now === mode) return; // a wrong PIN keeps its form and message
    mode = now;
    overlay.dataset.mode = now;
    if (now === 'open') return void clear(overlay, msg);
    overlay.setAttribute('aria-label', tv(now === 'setup' ? 'vault.setup' : 'vault.locked'));
    clear(msg);
    const why = localStorage.getItem(REVOKED);
    const revokedNote = why ? h('p', { class: 'error', id: 'vault-revoked', 'data-revoked': why }, tv(why === 'wiped' ? 'vault.revokedWiped' : 'vault.revokedSealed')) : null;
    clear(overlay, revokedNote, ...(now === 'setup' ? setupForm(msg) : unlockForm(msg)), msg);
    overlay.querySelector('input')?.focus();
  };
  onVault(render);
  render();
  startIdleLock();
}

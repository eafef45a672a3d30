// Sign-in. The field view works without it (events wait in the outbox); sending, the console and the facility view
// need a session. After signing in, each role lands on its own face of the app.
import { h, clear } from './dom.ts';
import { t } from './i18n.ts';
import { ApiError, login, currentUser, logout, enrol } from './api.ts';
import { deviceId, setAuthor } from './device.ts';
import { flush } from './store.ts';
import type { Screen } from './screen.ts';
import { st } from './shell-i18n.ts';
import { errText } from './ui/refusal.ts';

/** The analyst and the editor see no casualty: their face is the accounting (the medic's field screen is not theirs). */
export const homeFor = (role: string | undefined, facilities: string[] = []): string =>
  role === 'dispatcher' || role === 'commander' ? '#/console' : role === 'facility' ? `#/facility${facilities[0] ? `/${facilities[0]}` : ''}`
    : role === 'analyst' || role === 'editor' ? '#/accounting' : '#/field';

/** A refused sign-in in the reader's language: a wrong password, too many tries, or a server busy signing others in. */
export const signInRefusal = (x: unknown): string =>
  x instanceof ApiError && x.status === 401 ? t('login.wrong')
    : x instanceof ApiError && x.status === 429 ? t('login.throttled')
      : x instanceof ApiError && x.status === 503 ? t('login.busy')
        : errText(x);

export const loginScreen: Screen = (root, params) => {
  const next = params[0] ? decodeURIComponent(params[0]) : null;
  const user = h('input', { id: 'login-user', autocomplete: 'username', autocapitalize: 'none', placeholder: t('login.user') });
  const pass = h('input', { id: 'login-pass', type: 'password', autocomplete: 'current-password', placeholder: t('login.password') });
  const err = h('p', { class: 'error', role: 'alert' });
  const me = currentUser();
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    err.textContent = '';
    try {
      const u = await login(user.value.trim(), pass.value, deviceId());
      setAuthor(u.username);
      void flush();
      location.hash = next ?? homeFor(u.role, u.facilities);
    } catch (x) {
      err.textContent = signInRefusal(x);
    }
  };
  const code = h('input', { id: 'enrol-code', autocomplete: 'off', autocapitalize: 'characters', placeholder: 'XXXX-XXXX-XXXX' });
  const enrolErr = h('p', { class: 'error', role: 'alert' });
  const submitEnrol = async (e: Event): Promise<void> => {
    e.preventDefault();
    enrolErr.textContent = '';
    try {
      const u = await enrol(code.value.trim());
      setAuthor(u.username);
      void flush();
      location.hash = next ?? homeFor(u.role, u.facilities);
    } catch (x) {
      enrolErr.textContent = errText(x);
    }
  };
  // The administrator's screen shows the code as a QR code too: scan it where the browser can.
  const scanBox = h('div', { class: 'scan-box', id: 'enrol-scan-box' });
  const scanBtn = h('button', { class: 'btn', type: 'button', id: 'enrol-scan', hidden: true, onclick: () => {
    enrolErr.textContent = '';
    void import('./qr/scan.ts').then(({ scanQr }) => scanQr(scanBox)).then((text) => {
      code.value = text.trim();
      enrolForm.requestSubmit();
    }).catch((x: unknown) => (enrolErr.textContent = errText(x)));
  } }, '📷 ', st('login.scan'));
  void import('./qr/scan.ts').then(({ canScan }) => (scanBtn.hidden = !canScan()));
  const enrolForm = h('form', { class: 'login enrol', onsubmit: (e: Event) => void submitEnrol(e) },
    h('h2', null, t('login.enrolTitle')),
    scanBtn, scanBox,
    h('label', null, t('login.enrolCode'), code),
    h('button', { class: 'btn', type: 'submit', id: 'enrol-submit' }, t('login.enrolSubmit')),
    enrolErr);
  clear(root,
    h('form', { class: 'login', onsubmit: (e: Event) => void submit(e) },
      h('h2', null, t('login.title')),
      me ? h('p', { class: 'muted' }, t('login.signedInAs', { user: me.username, role: me.role })) : null,
      h('label', null, t('login.user'), user),
      h('label', null, t('login.password'), pass),
      h('button', { class: 'btn huge primary', type: 'submit', id: 'login-submit' }, t('login.submit')),
      err,
      me ? h('button', { class: 'btn', type: 'button', onclick: () => void logout().then(() => location.reload()) }, t('login.logout')) : null),
    enrolForm);
  return undefined;
};

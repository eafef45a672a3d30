// Users and their phones: create a user, edit one (role, units, facilities, password reset), disable or enable one, enrol a phone (a one-time code shown as text and as a
// QR code, scanned by the phone's sign-in screen), revoke a phone.
import { h, clear } from '../dom.ts';
import { api, ApiError } from '../api.ts';
import { time } from '../fmt.ts';
import { at } from './i18n.ts';
// Roles a user may have, from the core (the server's access table, src/auth/policy.ts, is the authority).
import { ROLES } from '../../../src/core/api.ts';
import { table } from '../ui/table.ts';
import { getLang } from '../i18n.ts';
import { refusalSaid } from '../ui/refusal.ts';
import { askIn } from '../ui/ask.ts';

interface UserInfo { username: string; role: string; units: string[]; facilities: string[]; disabled: boolean }
interface DeviceInfo { deviceId: string; username: string; label: string; enrolledAt: string | null; revokedAt: string | null }
/** Times of codes and devices say their zone: this screen names none (SYNC-21). */
const ZONED = { zoned: true } as const;
type Item = { id: string; name?: string };


/** A refusal said: a 409 on a user is the last enabled administrator (disabled, or its role changed by Edit). */
const said = (x: unknown): string => (x instanceof ApiError && x.status === 409 ? at('u.lastAdmin') : refusalSaid(x));

/** A unit's or facility's name for its id (an id the lists no longer hold is shown as it is). */
const nameOf = (items: Item[], id: string): string => items.find((x) => x.id === id)?.name ?? id;

export function usersTab(box: HTMLElement, refs: { units: Item[]; facilities: Item[] }): void {
  const listBox = h('div', { class: 'admin-list', id: 'admin-users-list' });
  const enrolBox = h('div', { class: 'enrol-box', id: 'enrol-box', 'aria-live': 'polite' });
  const msg = h('p', { class: 'error', role: 'alert', id: 'admin-users-msg' });
  const checks = (name: string, items: Item[], prefix = 'u', checked: string[] = []): { el: HTMLElement; get(): string[] } => {
    const boxes = items.map((x) => ({ id: x.id, box: h('input', { type: 'checkbox', name: `${prefix}-${name}`, value: x.id, id: `${prefix}-${name}-${x.id}`, checked: checked.includes(x.id) }) }));
    return { el: h('fieldset', { class: 'set' }, h('legend', null, at(`u.${name}` as 'u.units')), boxes.length ? boxes.map((b) => h('label', { class: 'check' }, b.box, nameOf(refs[name as 'units'], b.id))) : h('span', { class: 'muted' }, at('admin.empty'))),
      get: () => boxes.filter((b) => b.box.checked).map((b) => b.id) };
  };
  const username = h('input', { id: 'u-username', autocomplete: 'off', autocapitalize: 'none' });
  const password = h('input', { id: 'u-password', type: 'password', autocomplete: 'new-password' });
  const role = h('select', { id: 'u-role' }, ROLES.map((r) => h('option', { value: r }, at(`role.${r}`))));
  const units = checks('units', refs.units);
  const facilities = checks('facilities', refs.facilities);
  const form = h('form', { class: 'schema-form', id: 'admin-user-form', onsubmit: (e: Event) => {
    e.preventDefault();
    msg.textContent = '';
    msg.className = 'error';
    // Said here, in the reader's language: the server's refusal is in English and names types ("Too small: expected string…").
    if (!username.value.trim()) return void (msg.textContent = `${at('u.username')}: ${at('form.required')}`);
    if (password.value.length < 10) return void (msg.textContent = at('u.password'));
    api('/api/users', { body: { username: username.value.trim(), password: password.value, role: role.value, units: units.get(), facilities: facilities.get() } })
      // All of the form emptied, said done: units left ticked went to the next user created (a dispatcher got the medic's unit).
      .then(() => { msg.className = 'muted'; msg.textContent = at('u.saved', { user: username.value.trim() }); form.reset(); return load(); })
      .catch((x: unknown) => (msg.textContent = refusalSaid(x)));
  } },
  h('label', { class: 'field' }, h('span', null, at('u.username')), username),
  h('label', { class: 'field' }, h('span', null, at('u.password')), password),
  h('label', { class: 'field' }, h('span', null, at('u.role')), role),
  units.el, facilities.el,
  h('button', { class: 'btn big primary', type: 'submit', id: 'u-create' }, at('u.create')), msg);

  // Edit a user: role, units, facilities and (optionally) a new password, in one request; the server checks it all.
  const edit = (u: UserInfo): void => {
    const role = h('select', { id: 'edit-role' }, ROLES.map((r) => h('option', { value: r, selected: r === u.role }, at(`role.${r}`))));
    const units = checks('units', refs.units, 'edit', u.units);
    const facilities = checks('facilities', refs.facilities, 'edit', u.facilities);
    const password = h('input', { id: 'edit-password', type: 'password', autocomplete: 'new-password' });
    const editMsg = h('p', { class: 'error', role: 'alert', id: 'edit-msg' });
    const done = h('p', { class: 'muted', id: 'edit-done', 'aria-live': 'polite' });
    const form = h('form', { class: 'schema-form', id: 'admin-user-edit', onsubmit: (e: Event) => {
      e.preventDefault();
      editMsg.textContent = '';
      done.textContent = '';
      const body: Record<string, unknown> = { role: role.value, units: units.get(), facilities: facilities.get() };
      if (password.value) body.password = password.value;
      api(`/api/users/${encodeURIComponent(u.username)}`, { method: 'PATCH', body })
        .then(() => { password.value = ''; done.textContent = at('u.saved', { user: u.username }); return load(); })
        .catch((x: unknown) => (editMsg.textContent = said(x)));
    } },
    h('h3', null, at('u.editFor', { user: u.username })),
    h('label', { class: 'field' }, h('span', null, at('u.role')), role),
    units.el, facilities.el,
    h('label', { class: 'field' }, h('span', null, at('u.newPassword')), password),
    h('button', { class: 'btn big primary', type: 'submit', id: 'edit-save' }, at('u.save')), editMsg, done);
    clear(enrolBox, form);
    enrolBox.scrollIntoView({ block: 'start' });
  };
  const enrol = async (user: string): Promise<void> => {
    const label = h('input', { id: 'enrol-label', value: at('u.phoneOf', { user }), maxlength: 80 });
    clear(enrolBox, h('h3', null, at('u.enrolFor', { user })),
      h('label', { class: 'field' }, h('span', null, at('u.deviceLabel')), label),
      h('button', { class: 'btn big primary', id: 'enrol-create', onclick: () => void issue(user, label.value.trim() || at('u.phoneOf', { user })) }, at('u.enrol')));
    enrolBox.scrollIntoView({ block: 'start' });
  };
  const issue = async (user: string, label: string): Promise<void> => {
    try {
      const r = await api<{ code: string; deviceId: string; expiresAt: string }>('/api/devices', { body: { username: user, label } });
      const { qrSvg } = await import('../qr/render.ts');
      // The SVG comes from our own renderer (no user text in markup but the code's modules): parsed, not injected.
      const svg = new DOMParser().parseFromString(qrSvg(r.code), 'image/svg+xml').documentElement;
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', r.code);
      clear(enrolBox, h('h3', null, at('u.enrolFor', { user })),
        h('p', null, at('u.code', { user, time: time(r.expiresAt, ZONED) })),
        h('p', { class: 'enrol-code mono', id: 'enrol-code-text' }, r.code),
        h('div', { class: 'qr', id: 'enrol-qr' }, document.importNode(svg, true)));
      await load();
    } catch (x) {
      msg.textContent = refusalSaid(x);
    }
  };
  // The same accessible table as every other list (web/src/ui/table.ts): sortable name and role, 48 px rows, a
  // labelled card per user on a phone.
  let devices: DeviceInfo[] = [];
  const list = table<UserInfo>({
    id: 'admin-users-table',
    className: 'admin-list',
    stack: true,
    empty: at('admin.empty'),
    rowAttrs: (u) => ({ 'data-admin-user': u.username }),
    columns: [
      { key: 'username', label: at('u.username'), sort: (u) => u.username,
        cell: (u) => [u.username, u.disabled ? h('span', { class: 'badge bad' }, ' ', at('u.disabled')) : null] },
      { key: 'role', label: at('u.role'), sort: (u) => at(`role.${u.role}` as 'role.medic'), cell: (u) => at(`role.${u.role}` as 'role.medic') },
      { key: 'scope', label: at('u.scope'), cell: (u) => [...u.units.map((id) => nameOf(refs.units, id)), ...u.facilities.map((id) => nameOf(refs.facilities, id))].join(', ') || '—' },
      { key: 'devices', label: at('u.devices'), cell: (u) => deviceList(u) },
      { key: 'actions', label: at('u.actions'), cell: (u) => h('div', { class: 'row wrap' },
        h('button', { class: 'btn', 'data-edit': u.username, 'aria-label': `${at('u.edit')}: ${u.username}`, onclick: () => edit(u) }, at('u.edit')),
        h('button', { class: 'btn', 'data-enrol': u.username, 'aria-label': `${at('u.enrol')}: ${u.username}`, onclick: () => void enrol(u.username) }, at('u.enrol')),
        h('button', { class: 'btn', 'data-disable': u.username, 'aria-label': `${u.disabled ? at('u.enable') : at('u.disable')}: ${u.username}`,
          onclick: (e: Event) => {
            const act = (host: HTMLElement) => void acted(api(`/api/users/${encodeURIComponent(u.username)}`, { method: 'PATCH', body: { disabled: !u.disabled } }), host);
            // Enabling undoes a slip: at once. Disabling cuts off the user's phones: asked first.
            if (u.disabled) return act(beside(e));
            asked(beside(e), `disable-${u.username}`, at('u.disableAsk', { user: u.username }), at('u.disableKeep'), at('u.disableYes', { user: u.username }), act);
          } }, u.disabled ? at('u.enable') : at('u.disable'))) },
    ],
  }, getLang);
  const deviceList = (u: UserInfo): HTMLElement => h('ul', { class: 'devices' }, devices.filter((d) => d.username === u.username).map((d) => h('li', { 'data-device': d.deviceId },
    `${d.label}: `, d.revokedAt ? at('u.revoked', { time: time(d.revokedAt, ZONED) }) : d.enrolledAt ? at('u.enrolled', { time: time(d.enrolledAt, ZONED) }) : at('u.waiting'),
    // A revoked phone cannot be brought back (a new enrolment is a new device): asked first.
    d.revokedAt ? null : h('button', { class: 'btn small', 'data-revoke': d.deviceId, 'aria-label': `${at('u.revoke')}: ${d.label}`,
      onclick: (e: Event) => asked(beside(e), `revoke-${d.deviceId}`, at('u.revokeAsk', { device: d.label }), at('u.revokeKeep'), at('u.revokeYes', { device: d.label }),
        (host) => void acted(api(`/api/devices/${encodeURIComponent(d.deviceId)}`, { method: 'DELETE' }), host)) }, at('u.revoke')))));
  /** A box just after the tapped button's group, in the row: a question or a refusal is read where the finger is
   *  (at 360 px the list's message line was a screen and more away, and a refusal looked like nothing happened). */
  const beside = (e: Event): HTMLElement => {
    const at0 = (e.currentTarget as HTMLElement).parentElement!;
    // A second tap asks again in the same box: two questions with one set of ids stacked, and Keep closed one.
    const open = at0.nextElementSibling;
    if (open instanceof HTMLElement && open.classList.contains('row-ask')) return open;
    const host = h('div', { class: 'row-ask' });
    at0.after(host);
    return host;
  };
  const asked = (host: HTMLElement, id: string, question: string, keep: string, yes: string, act: (host: HTMLElement) => void): void =>
    askIn(host, { id, question, keep, yes, yesClass: 'danger', onKeep: () => host.remove(), onYes: () => act(host) });
  // A list button's refusal is said beside it, not swallowed: disabling the last enabled administrator is refused (409).
  const acted = (done: Promise<unknown>, host: HTMLElement): Promise<void> => done.then(() => { host.remove(); return load(); }, (x: unknown) => {
    clear(host, h('p', { class: 'error', role: 'alert', 'data-refusal': '' }, said(x)));
  });
  clear(listBox, list.el);
  async function load(): Promise<void> {
    const [{ items: users }, { items: found }] = await Promise.all([api<{ items: UserInfo[] }>('/api/users'), api<{ items: DeviceInfo[] }>('/api/devices')]);
    devices = found;
    list.render(users);
  }
  clear(box, listBox, enrolBox, h('h3', null, at('u.create')), form);
  void load();
}

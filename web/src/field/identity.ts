// Who the casualty is, entered or corrected on the card: a correction is an amendment of the registration, so the
// log keeps what was first written and by whom.
import { h, field } from '../dom.ts';
import { PersonStatus, Sex } from '../../../src/core/index.ts';
import type { CasualtyState, Identity } from '../../../src/core/index.ts';
import type { Row } from '../store.ts';
import { ct } from './card-i18n.ts';

export interface IdentityForm {
  el: HTMLElement;
  /** Show the casualty's current identity (unless the person is typing). */
  show(s: CasualtyState): void;
}

/** `save(registrationId, changes)` records the amendment; returns a message for the card's toast. */
export function identityForm(rows: () => Row[], save: (target: string, changes: Partial<Identity>) => void, units: () => { id: string; name?: string }[]): IdentityForm {
  const text = (name: string, label: string, attrs: Record<string, unknown> = {}): { wrap: HTMLElement; input: HTMLInputElement } => {
    const input = h('input', { name, id: `id-${name}`, autocomplete: 'off', ...attrs });
    return { wrap: field(label, input), input };
  };
  const name = text('name', ct('id.name'), { maxlength: 120 });
  const roster = text('battleRoster', ct('id.roster'), { maxlength: 16, autocapitalize: 'characters' });
  const age = text('age', ct('id.age'), { type: 'number', inputmode: 'numeric', min: 0, max: 120 });
  const birth = text('birthYear', ct('id.birthYear'), { type: 'number', inputmode: 'numeric', min: 1900, max: 2100 });
  const allergies = text('allergies', ct('id.allergies'), { maxlength: 200 });
  const sex = h('select', { name: 'sex', id: 'id-sex' }, Sex.options.map((o) => h('option', { value: o }, ct(`sex.${o}`))));
  const status = h('select', { name: 'status', id: 'id-status' }, PersonStatus.options.map((o) => h('option', { value: o }, ct(`status.${o}`))));
  const unit = h('select', { name: 'unitId', id: 'id-unit' });
  const msg = h('p', { class: 'muted', role: 'status', id: 'id-msg' });
  let current: Identity | null = null;
  const changes = (): Partial<Identity> => {
    if (!current) return {};
    const out: Record<string, unknown> = {};
    const str = (k: 'name' | 'battleRoster' | 'allergies', v: string) => { if (v.trim() && v.trim() !== current![k]) out[k] = v.trim(); };
    const num = (k: 'age' | 'birthYear', v: string) => { if (v !== '' && Number(v) !== current![k]) out[k] = Number(v); };
    str('name', name.input.value);
    str('battleRoster', roster.input.value);
    str('allergies', allergies.input.value);
    num('age', age.input.value);
    num('birthYear', birth.input.value);
    if (sex.value !== current.sex) out.sex = sex.value;
    if (status.value !== current.status) out.status = status.value;
    if (unit.value && unit.value !== current.unitId) out.unitId = unit.value;
    return out as Partial<Identity>;
  };
  const submit = (): void => {
    const reg = rows().find((r) => r.event.type === 'registered');
    if (!reg) return void (msg.textContent = ct('id.noRegistration'));
    const c = changes();
    if (!Object.keys(c).length) return void (msg.textContent = ct('id.nothing'));
    save(reg.id, c);
    typed = false;
    msg.textContent = ct('id.saved');
  };
  const el = h('div', { class: 'identity', id: 'identity-form' },
    name.wrap, roster.wrap,
    h('div', { class: 'grid2' }, field(ct('id.sex'), sex), field(ct('id.status'), status)),
    h('div', { class: 'grid2' }, age.wrap, birth.wrap),
    field(ct('id.unit'), unit),
    allergies.wrap,
    h('button', { class: 'btn big primary', id: 'id-save', onclick: submit }, ct('id.save')),
    msg);
  // Typed and not saved is the medic's: a record arriving (a pull, their own next tap) redrew it away once they had
  // turned to another box of the card.
  let typed = false;
  el.addEventListener('input', () => (typed = true));
  const editing = (): boolean => typed || (el.contains(document.activeElement) && document.activeElement !== el.querySelector('#id-save'));
  return {
    el,
    show(s) {
      if (editing()) return;
      current = s.identity;
      name.input.value = s.identity.name ?? '';
      roster.input.value = s.identity.battleRoster ?? '';
      age.input.value = s.identity.age !== undefined ? String(s.identity.age) : '';
      birth.input.value = s.identity.birthYear !== undefined ? String(s.identity.birthYear) : '';
      allergies.input.value = s.identity.allergies ?? '';
      sex.value = s.identity.sex;
      status.value = s.identity.status;
      const us = units();
      unit.replaceChildren(h('option', { value: '' }, ct('unit.none')),
        ...us.map((u) => h('option', { value: u.id }, u.name ?? u.id)),
        ...(s.identity.unitId && !us.some((u) => u.id === s.identity.unitId) ? [h('option', { value: s.identity.unitId }, s.identity.unitId)] : []));
      unit.value = s.identity.unitId ?? '';
    },
  };
}

const FIELD_LABEL: Record<string, Parameters<typeof ct>[0]> = {
  name: 'id.name', battleRoster: 'id.roster', sex: 'id.sex', age: 'id.age', birthYear: 'id.birthYear', status: 'id.status', unitId: 'id.unit', allergies: 'id.allergies', tqType: 'tq.type',
};
const VALUE_PREFIX: Record<string, string> = { sex: 'sex', status: 'status', tqType: 'tqtype' };

/** An amendment's changes in words ("Name: Petrenko · Type: SICH"), not as raw JSON keys. */
export function changesText(changes: Record<string, unknown>): string {
  return Object.entries(changes).map(([k, v]) => {
    const label = FIELD_LABEL[k] ? ct(FIELD_LABEL[k]) : k;
    const key = VALUE_PREFIX[k] ? `${VALUE_PREFIX[k]}.${String(v)}` : null;
    const value = key && key in ct.tables.en ? ct(key as Parameters<typeof ct>[0]) : String(v);
    return `${label}: ${value}`;
  }).join(' · ');
}

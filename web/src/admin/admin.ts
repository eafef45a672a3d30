// Administrator's screens: units, facilities, vehicles (forms built from the core schemas), users, and enrolling a
// phone with a one-time code shown as text and as a QR code the phone's sign-in screen scans.
import { h, clear } from '../dom.ts';
import { getLang, tc } from '../i18n.ts';
import { create, list, patch } from '../api.ts';
import { Facility, FacilityRole, Unit, Vehicle } from '../../../src/core/index.ts';
import type { z } from 'zod';
import { mgrs } from '../fmt.ts';
import { fieldsOf, schemaForm } from '../ui/form.ts';
import { table } from '../ui/table.ts';
import type { FormLabels, Refused } from '../ui/form.ts';
import { usersTab } from './users.ts';
import { at } from './i18n.ts';
import { places } from '../console/console-i18n.ts';
import type { Screen } from '../screen.ts';
import { refusalSaid } from '../ui/refusal.ts';

type Kind = 'units' | 'facilities' | 'vehicles';
type Item = Record<string, unknown> & { id: string; name?: string };
const TABS = ['units', 'facilities', 'vehicles', 'users'] as const; // set-up order: a facility or vehicle names its unit
type Tab = (typeof TABS)[number];

/** Each kind: its schema, the form's fields, reference fields, and the list's columns after the name (label key, cell, sort). */
type ListColumn = [key: string, cell: (x: Item) => string, sort?: (x: Item) => string | number];
const SPECS: Record<Kind, { schema: z.ZodObject; keys: string[]; refs: string[]; columns: ListColumn[] }> = {
  units: { schema: Unit, keys: ['id', 'name', 'kind', 'parentId'], refs: ['parentId'],
    columns: [['kind', (x) => at(`ukind.${String(x.kind)}` as 'ukind.other')]] },
  facilities: {
    schema: Facility,
    keys: ['id', 'name', 'role', 'position', 'beds', 'bedsAvailable', 'surgicalTables', 'tablesAvailable', 'capabilities', 'status', 'intake', 'hardened', 'unitId'],
    refs: ['unitId'],
    columns: [
      ['role', (x) => at(`frole.${String(x.role)}` as 'frole.R1'), (x) => FacilityRole.options.indexOf(x.role as FacilityRole)],
      ['position', (x) => mgrs(x.position as Facility['position'])],
      ['beds', (x) => `${String(x.bedsAvailable ?? x.beds)}/${String(x.beds)}`, (x) => Number(x.bedsAvailable ?? x.beds)],
      // Without a free table the plan sends no surgical casualty here: a new facility's 0 must be seen in the list.
      ['surgicalTables', (x) => `${String(x.tablesAvailable ?? x.surgicalTables ?? 0)}/${String(x.surgicalTables ?? 0)}`, (x) => Number(x.surgicalTables ?? 0)],
      ['status', (x) => tc('fstatus', String(x.status))],
    ],
  },
  vehicles: {
    schema: Vehicle,
    keys: ['id', 'name', 'kind', 'litter', 'seated', 'medic', 'speedKmh', 'status', 'position', 'baseFacilityId', 'unitId', 'takUid'],
    refs: ['baseFacilityId', 'unitId'],
    columns: [
      ['kind', (x) => tc('vkind', String(x.kind))],
      ['places', (x) => `${places(Number(x.litter), Number(x.seated))}${x.medic ? ` · ${at('v.medicAboard')}` : ''}`, (x) => Number(x.litter) * 100 + Number(x.seated)],
      ['status', (x) => tc('vstatus', String(x.status))],
    ],
  },
};
/** The lists' columns after the name, by kind (their cells are read in Node by web/test/admin-table.test.ts). */
export const ADMIN_COLUMNS = { units: SPECS.units.columns, facilities: SPECS.facilities.columns, vehicles: SPECS.vehicles.columns };

/** What a refused field says (web/test/admin-form.test.ts). */
export const refusedLabels = (): Refused => ({
  required: at('form.required'), invalid: at('form.invalid'),
  atLeast: (n) => at('form.atLeast', { n }), atMost: (n) => at('form.atMost', { n }),
});

/** Option labels of the schema enums: the app's shared vocabularies where they exist, else the admin table's. */
const optionLabel = (key: string, v: string): string => {
  const own: Record<string, string> = { kind: 'ukind', capabilities: 'cap', role: 'frole' };
  if (key === 'status') return tc('fstatus', v) !== v ? tc('fstatus', v) : tc('vstatus', v);
  if (key === 'intake') return tc('intake', v);
  if (key === 'kind' && tc('vkind', v) !== v) return tc('vkind', v);
  const k = `${own[key] ?? key}.${v}`;
  return k in at.tables.en ? at(k as keyof typeof at.tables.en) : v;
};

/** Ukrainian letters in Latin (the national transliteration, its forms inside a word): a Cyrillic name gives an id too. */
const LATIN: Record<string, string> = Object.fromEntries(
  'а a б b в v г h ґ g д d е e є ie ж zh з z и y і i ї i й i к k л l м m н n о o п p р r с s т t у u ф f х kh ц ts ч ch ш sh щ shch ю iu я ia'
    .split(' ').flatMap((x, i, a) => (i % 2 ? [] : [[x, a[i + 1]!]])));
/** A new item's short id from its name: "Стабпункт Краматорськ" → "stabpunkt-kramatorsk". */
export const slugOf = (name: string): string => name.toLowerCase().replace(/[а-яієїґ’ʼ']/g, (c) => LATIN[c] ?? '').normalize('NFKD')
  .replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);

function entityTab(kind: Kind, box: HTMLElement, refs: { units: Item[]; facilities: Item[] }): void {
  const spec = SPECS[kind];
  const items = table<Item>({
    id: `admin-${kind}-list`,
    className: 'admin-list',
    stack: true,
    empty: at('admin.empty'),
    rowAttrs: (x) => ({ 'data-admin-item': x.id }),
    columns: [
      { key: 'name', label: at('f.name'), sort: (x) => x.name ?? x.id, cell: (x) => [x.name ?? x.id, x.name && x.name !== x.id ? h('div', { class: 'muted small mono' }, x.id) : null] },
      ...spec.columns.map(([key, cell, sort]) => ({ key, label: at(`f.${key}` as 'f.id'), cell, sort: sort ?? cell })),
      { key: 'edit', label: at('admin.edit'), cell: (x: Item) => h('button', { class: 'btn small', 'data-admin-edit': x.id, 'aria-label': `${at('admin.edit')}: ${x.name ?? x.id}`, onclick: () => edit(x) }, at('admin.edit')) },
    ],
  }, getLang);
  const title = h('h3', null, at('admin.creating'));
  let editing: Item | null = null;
  const labels: FormLabels = {
    field: (k) => at(`f.${k}` as 'f.id'),
    option: optionLabel,
    refs: (k) => (k === 'baseFacilityId' ? refs.facilities : refs.units).map((x) => [x.id, x.name ?? x.id]),
    save: at('admin.save'),
    pickOnMap: at('admin.pickOnMap'),
    mgrsInvalid: at('admin.mgrsInvalid'),
    refused: refusedLabels(),
  };
  const form = schemaForm(`admin-${kind}`, spec.schema, fieldsOf(spec.schema, spec.keys, spec.refs), labels, async (value) => {
    const { id, updatedAt: _u, ...rest } = value as Item;
    const saved = editing ? await patch<Item>(kind, editing.id, rest) : await create<Item>(kind, { id, ...rest });
    editing = null;
    form.load(null);
    title.textContent = at('admin.creating');
    await load();
    const msg = box.querySelector(`#admin-${kind}-msg`); // the form's own status line
    if (msg) msg.textContent = at('admin.saved', { id: String(saved.item.id) });
  });
  // A new item's id follows its name unless typed.
  const nameIn = form.el.querySelector<HTMLInputElement>(`#admin-${kind}-name`);
  const idIn = form.el.querySelector<HTMLInputElement>(`#admin-${kind}-id`);
  let idTyped = false;
  idIn?.addEventListener('input', () => (idTyped = true));
  nameIn?.addEventListener('input', () => { if (!editing && !idTyped && idIn) idIn.value = slugOf(nameIn.value); });
  const edit = (item: Item | null): void => {
    editing = item;
    idTyped = !!item;
    form.load(item);
    if (idIn) idIn.readOnly = !!item;
    title.textContent = item ? at('admin.editing', { id: item.name ?? item.id }) : at('admin.creating');
    form.el.scrollIntoView({ block: 'start' });
  };
  async function load(): Promise<void> {
    const all = await list<Item>(kind);
    if (kind === 'units') refs.units = all;
    if (kind === 'facilities') refs.facilities = all;
    items.render(all);
  }
  clear(box, items.el,
    h('button', { class: 'btn', id: `admin-${kind}-new`, onclick: () => edit(null) }, '+ ', at('admin.new')),
    title, form.el);
  form.load(null);
  void load();
}

export const adminScreen: Screen = (root, params) => {
  const tab: Tab = (TABS as readonly string[]).includes(params[0] ?? '') ? (params[0] as Tab) : TABS[0];
  const body = h('div', { class: 'admin-body', id: `admin-${tab}` });
  clear(root,
    h('h2', null, at('admin.title')),
    h('nav', { class: 'seg tabs', 'aria-label': at('admin.title') },
      TABS.map((k) => h('a', { class: `btn ${k === tab ? 'on' : ''}`, href: `#/admin/${k}`, 'data-admin-tab': k, 'aria-current': k === tab ? 'page' : null }, at(`tab.${k}`)))),
    body);
  const refs = { units: [] as Item[], facilities: [] as Item[] };
  // References (units, facilities) are listed before the forms that offer them.
  void Promise.all([list<Item>('units'), list<Item>('facilities')]).then(([u, f]) => {
    refs.units = u;
    refs.facilities = f;
    if (tab === 'users') usersTab(body, refs);
    else entityTab(tab, body, refs);
  }).catch((e: unknown) => clear(body, h('p', { class: 'error' }, refusalSaid(e))));
  return undefined;
};

// Forms built from the core's zod schemas: each field's control follows its schema (enum → select of the enum's own
// options, number → numeric input, boolean → checkbox, array of enum → check boxes, position → MGRS with a map tap,
// a reference → select of those entities), and the value is validated by the same schema the server uses. No screen
// types out an enum again.
import type { z } from 'zod';
import { h } from '../dom.ts';
import { refusalSaid } from './refusal.ts';
import { fromMgrs, parseLatLon, positionText } from '../../../src/core/index.ts';
import type { Position } from '../../../src/core/index.ts';

type Kind = 'text' | 'number' | 'bool' | 'enum' | 'enum-set' | 'position' | 'ref';
export interface FieldSpec {
  key: string;
  kind: Kind;
  required: boolean;
  options: readonly string[];
}
interface Def { type: string; innerType?: Node; element?: Node; shape?: Record<string, unknown> }
type Node = { def: Def; options?: readonly string[] };

/** The field specs of `keys` of an object schema (wrappers like optional/default make a field not required). */
export function fieldsOf(schema: z.ZodObject, keys: readonly string[], refs: readonly string[] = []): FieldSpec[] {
  return keys.map((key) => {
    let n = schema.shape[key] as unknown as Node;
    const required = !['optional', 'default'].includes(n.def.type);
    while (['optional', 'default', 'nullable'].includes(n.def.type) && n.def.innerType) n = n.def.innerType;
    const t = n.def.type;
    const kind: Kind = refs.includes(key) ? 'ref'
      : t === 'enum' ? 'enum'
      : t === 'number' ? 'number'
      : t === 'boolean' ? 'bool'
      : t === 'array' && n.def.element?.options ? 'enum-set'
      : t === 'object' && n.def.shape && 'lat' in n.def.shape ? 'position'
      : 'text';
    return { key, kind, required, options: kind === 'enum' ? (n.options ?? []) : kind === 'enum-set' ? (n.def.element?.options ?? []) : [] };
  });
}

export interface FormLabels {
  field(key: string): string;
  option(key: string, value: string): string;
  /** Entities a reference field may name: [id, label]. */
  refs?(key: string): [string, string][];
  save: string;
  pickOnMap: string;
  mgrsInvalid: string;
  refused: Refused;
}

/** What a refused field says, in the reader's language (zod's own messages are English and name types, not fixes). */
export interface Refused {
  required: string;
  atLeast(n: number): string;
  atMost(n: number): string;
  invalid: string;
}

/** The text for one issue of the schema on a field whose typed value was `given` (undefined: left empty). */
export function fieldError(issue: z.core.$ZodIssue, given: unknown, r: Refused): string {
  if (given === undefined) return r.required;
  if (issue.code === 'too_small' && issue.origin === 'number') return r.atLeast(Number(issue.minimum));
  if (issue.code === 'too_big' && issue.origin === 'number') return r.atMost(Number(issue.maximum));
  return r.invalid;
}

export interface BuiltForm {
  el: HTMLFormElement;
  /** Fill the form (an existing item) or empty it (a new one). */
  load(item: Record<string, unknown> | null): void;
}

const slug = (s: string): string => s.replace(/[^a-z0-9]+/gi, '-');

/** A form for `fields` of `schema`; `submit` gets the value parsed by the schema, errors are shown per field. */
export function schemaForm(id: string, schema: z.ZodObject, fields: FieldSpec[], labels: FormLabels, submit: (value: Record<string, unknown>) => Promise<void>): BuiltForm {
  const controls = new Map<string, { get(): unknown; set(v: unknown): void; el: HTMLElement; err: HTMLElement }>();
  let base: Record<string, unknown> = {};
  for (const f of fields) {
    const name = `${id}-${slug(f.key)}`;
    const err = h('span', { class: 'error small', id: `${name}-err` });
    const label = `${labels.field(f.key)}${f.required ? ' *' : ''}`;
    let c: { get(): unknown; set(v: unknown): void; el: HTMLElement };
    if (f.kind === 'bool') {
      const box = h('input', { type: 'checkbox', id: name, name: f.key });
      c = { get: () => box.checked, set: (v) => (box.checked = v === true), el: h('label', { class: 'check' }, box, labels.field(f.key)) };
    } else if (f.kind === 'enum' || f.kind === 'ref') {
      const opts = (): [string, string][] => (f.kind === 'ref' ? (labels.refs?.(f.key) ?? []) : f.options.map((o) => [o, labels.option(f.key, o)]));
      const sel = h('select', { id: name, name: f.key });
      const fill = (v: unknown): void => {
        const list = opts();
        sel.replaceChildren(h('option', { value: '' }, '—'), ...list.map(([v2, l]) => h('option', { value: v2 }, l)),
          ...(typeof v === 'string' && v && !list.some(([x]) => x === v) ? [h('option', { value: v }, v)] : []));
        sel.value = typeof v === 'string' ? v : '';
      };
      fill(undefined);
      c = { get: () => sel.value || undefined, set: fill, el: h('label', { class: 'field', for: name }, h('span', null, label), sel) };
    } else if (f.kind === 'enum-set') {
      const boxes = f.options.map((o) => ({ o, box: h('input', { type: 'checkbox', name: f.key, value: o, id: `${name}-${slug(o)}` }) }));
      c = {
        get: () => boxes.filter((b) => b.box.checked).map((b) => b.o),
        set: (v) => boxes.forEach((b) => (b.box.checked = Array.isArray(v) && v.includes(b.o))),
        el: h('fieldset', { class: 'set' }, h('legend', null, labels.field(f.key)), boxes.map((b) => h('label', { class: 'check' }, b.box, labels.option(f.key, b.o)))),
      };
    } else if (f.kind === 'position') {
      const input = h('input', { id: name, name: f.key, class: 'mgrs', autocomplete: 'off', placeholder: '37U DQ 12345 67890' });
      const mapBox = h('div', { class: 'pickmap', hidden: true });
      const read = (): Position | undefined => {
        if (!input.value.trim()) return undefined;
        try {
          return fromMgrs(input.value);
        } catch {
          // Beyond the grid (80°S–84°N) the field holds "lat, lon" (positionText).
          return parseLatLon(input.value) ?? undefined;
        }
      };
      input.addEventListener('input', () => input.classList.toggle('invalid', !!input.value.trim() && !read()));
      const pick = async (): Promise<void> => {
        mapBox.hidden = false;
        const { pickPosition } = await import('../map/map.ts');
        const p = await pickPosition(mapBox, read() ?? null);
        input.value = positionText(p);
        input.classList.remove('invalid');
        mapBox.hidden = true;
        mapBox.replaceChildren();
      };
      c = {
        get: () => read() ?? (input.value.trim() ? 'invalid' : undefined),
        set: (v) => (input.value = v && typeof v === 'object' && 'lat' in v ? positionText(v as Position) : ''),
        el: h('div', { class: 'field' }, h('label', { class: 'field', for: name }, h('span', null, label), input),
          h('button', { type: 'button', class: 'btn', id: `${name}-pick`, onclick: () => void pick() }, labels.pickOnMap), mapBox), // words only: no emoji font, an empty box
      };
    } else {
      const input = h('input', { id: name, name: f.key, autocomplete: 'off', ...(f.kind === 'number' ? { type: 'number', inputmode: 'decimal', step: 'any' } : {}) });
      c = {
        get: () => (input.value.trim() === '' ? undefined : f.kind === 'number' ? Number(input.value) : input.value.trim()),
        set: (v) => (input.value = v === undefined || v === null ? '' : String(v)),
        el: h('label', { class: 'field', for: name }, h('span', null, label), input),
      };
    }
    controls.set(f.key, { ...c, err });
  }
  const msg = h('p', { class: 'muted', role: 'status', id: `${id}-msg` });
  const el = h('form', { class: 'schema-form', id, novalidate: true, onsubmit: (e: Event) => {
    e.preventDefault();
    // Fields on the form come from the form (an emptied field is dropped); the item's other fields are kept.
    const value: Record<string, unknown> = Object.fromEntries(Object.entries(base).filter(([k]) => !controls.has(k)));
    for (const [k, c] of controls) {
      const v = c.get();
      if (v !== undefined) value[k] = v;
    }
    controls.forEach((c) => (c.err.textContent = ''));
    const r = schema.safeParse(value);
    if (!r.success) {
      for (const i of r.error.issues) {
        const k = String(i.path[0] ?? '');
        const c = controls.get(k);
        if (c) c.err.textContent = (k === 'position' && value[k] !== undefined) || value[k] === 'invalid' ? labels.mgrsInvalid : fieldError(i, value[k], labels.refused);
        else msg.textContent = `${k}: ${labels.refused.invalid}`;
      }
      return;
    }
    msg.textContent = '';
    void submit(r.data as Record<string, unknown>).catch((x: unknown) => (msg.textContent = refusalSaid(x, (p) => {
      const k = p.split('.')[0]!;
      return controls.has(k) ? labels.field(k) : undefined;
    })));
  } },
  [...controls.values()].map((c) => h('div', { class: 'form-row' }, c.el, c.err)),
  h('button', { class: 'btn big primary', type: 'submit', id: `${id}-save` }, labels.save),
  msg);
  return {
    el,
    load(item) {
      base = item ? { ...item } : {};
      for (const [k, c] of controls) c.set(item?.[k]);
      controls.forEach((c) => (c.err.textContent = ''));
      msg.textContent = '';
    },
  };
}

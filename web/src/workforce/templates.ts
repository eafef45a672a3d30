// The staffing-template editor (issue 12): what each kind of unit or facility needs — roles, counts, who fills them,
// who may stand in, the weakest credential, training and practice. A save is one `template.set` fact through the
// workforce door (POST /api/workforce/facts: validated, role-checked, stored with its audit entry); the server's
// answer, not this screen, decides what is valid. Personnel officers and administrators only.
import { h, clear, newest } from '../dom.ts';
import { api, ApiError } from '../api.ts';
import { PROFESSIONS, uuidv7 } from '../../../src/core/index.ts';
import type { Profession, Slot, StaffingTemplate } from '../../../src/core/index.ts';
import type { Screen } from '../screen.ts';
import { getLang } from '../i18n.ts';
import { live } from '../console/live.ts';
import { wrole } from './i18n.ts';
import { PROFESSION_NAMES, templateName, tt } from './templates-i18n.ts';
import { time, zoneNote } from '../fmt.ts';
import type { TplKey } from './templates-i18n.ts';
import { refusalSaid } from '../ui/refusal.ts';

const ROLE_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const profName = (p: Profession): string => PROFESSION_NAMES[getLang()][p];
const same = (a: StaffingTemplate, b: StaffingTemplate): boolean => JSON.stringify(a) === JSON.stringify(b);

/** A refused write in the reader's language, naming its first field (the door names fields as facts.0.payload.…). */
function refusal(e: unknown): string {
  if (e instanceof ApiError && e.status === 403) return tt('tpl.forbidden');
  return refusalSaid(e, (p) => p.replace(/^facts\.0\.payload\./, ''));
}

/** Check boxes for a list of professions (who fills a role, who may stand in), folded away until opened. */
function professionPicker(idPrefix: string, label: (n: number) => string, chosen: Profession[], onChange: (next: Profession[]) => void): HTMLElement {
  const summary = h('summary', null, label(chosen.length));
  const boxes = PROFESSIONS.map((p) => {
    const box = h('input', {
      type: 'checkbox', id: `${idPrefix}-${p}`, value: p, checked: chosen.includes(p),
      onchange: () => {
        const next = PROFESSIONS.filter((q) => (document.getElementById(`${idPrefix}-${q}`) as HTMLInputElement | null)?.checked);
        summary.textContent = label(next.length);
        onChange(next);
      },
    });
    return h('label', { class: 'row wf-check tpl-prof' }, box, profName(p));
  });
  return h('details', { class: 'tpl-picker' }, summary, h('div', { class: 'tpl-profs' }, boxes));
}

/** One role of the template, edited in place on `slot` (a working copy). */
function slotCard(slot: Slot, i: number, onRemove: () => void): HTMLElement {
  const id = (what: string) => `tpl-${i}-${what}`;
  const num = (what: string, label: string, value: number, min: number, max: number, set: (v: number) => void) =>
    h('label', { class: 'tpl-field' }, label,
      h('input', { type: 'number', id: id(what), min, max, step: 1, value, inputmode: 'numeric', class: 'wf-num',
        oninput: (ev: Event) => set(Number((ev.target as HTMLInputElement).value)) }));
  const level = h('select', { id: id('level'), class: 'wf-num tpl-level', onchange: () => (slot.maxLevel = Number(level.value)) },
    [1, 2, 3, 4].map((l) => h('option', { value: l, selected: slot.maxLevel === l }, tt(`tpl.level.${l}` as TplKey))));
  return h('fieldset', { class: 'tpl-slot', 'data-slot': slot.role },
    h('legend', null, wrole(slot.role), slot.perPlatoon ? ` (${tt('tpl.perPlatoon')})` : ''),
    h('div', { class: 'tpl-grid' },
      num('count', tt('tpl.count'), slot.count, 0, 100, (v) => (slot.count = v)),
      h('label', { class: 'tpl-field tpl-wide' }, tt('tpl.level'), level),
      num('weeks', tt('tpl.weeks'), slot.minTrainingWeeks, 0, 520, (v) => (slot.minTrainingWeeks = v)),
      num('cases', tt('tpl.cases'), slot.minCasesLast12Months, 0, 100_000, (v) => (slot.minCasesLast12Months = v))),
    h('label', { class: 'row wf-check' },
      h('input', { type: 'checkbox', id: id('critical'), checked: slot.critical, onchange: (ev: Event) => (slot.critical = (ev.target as HTMLInputElement).checked) }),
      tt('tpl.critical')),
    professionPicker(id('accepts'), (n) => tt('tpl.accepts', { n }), slot.accepts, (next) => (slot.accepts = next)),
    professionPicker(id('subs'), (n) => tt('tpl.substitutes', { n }), slot.substitutes, (next) => (slot.substitutes = next)),
    h('button', { type: 'button', class: 'btn', id: id('remove'), onclick: onRemove }, tt('tpl.remove')));
}

/** A template id from its name (letters, digits, dashes), new among `taken`. */
function newTemplateId(name: string, taken: readonly string[]): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'template';
  return taken.includes(base) ? `${base}-${Date.now().toString(36)}` : base;
}

interface HistoryRow { at: string; author?: string; name: string; roles: number; retired: boolean }

/** Every version of the template ever recorded (nothing is deleted), folded away under the editor. */
function historyOf(id: string): HTMLElement {
  const box = h('details', { class: 'tpl-history', id: 'tpl-history' }, h('summary', null, tt('tpl.history', { n: '…' })));
  void api<{ history: HistoryRow[] }>(`/api/workforce/templates/${encodeURIComponent(id)}/history`).then(({ history }) => {
    clear(box,
      h('summary', null, tt('tpl.history', { n: history.length })), zoneNote(),
      history.length
        ? h('ol', { class: 'small' }, history.map((r) => h('li', { 'data-version': r.retired ? 'retired' : 'set' },
          r.author === undefined // named only to those who may edit templates
            ? tt('tpl.historyRowUnsigned', { at: time(r.at), name: r.name, roles: r.roles, retired: r.retired ? tt('tpl.historyRetired') : '' })
            : tt('tpl.historyRow', { at: time(r.at), name: r.name, roles: r.roles, who: r.author, retired: r.retired ? tt('tpl.historyRetired') : '' }))))
        : h('p', { class: 'small muted' }, tt('tpl.shipped')));
  }, () => {});
  return box;
}

/** Rename happens in the editor (its name field); here: retire or reinstate, and a new template copied from this one. */
function lifecycle(saved: StaffingTemplate, current: () => StaffingTemplate, record: (t: StaffingTemplate, done: TplKey) => Promise<void>, create: (name: string) => Promise<void>): HTMLElement {
  const newName = h('input', { type: 'text', id: 'tpl-new-name', class: 'wf-num tpl-new', maxlength: 120, autocomplete: 'off' });
  // Retire or reinstate what stands at the tap (`current`), not what stood when this was drawn: a tap right after a
  // rename, before the list was read again, wrote the old name back.
  return h('section', { class: 'tpl-life' },
    saved.retired
      ? h('div', null,
        h('p', { id: 'tpl-retired-note' }, tt('tpl.retiredNote')),
        h('button', { type: 'button', class: 'btn', id: 'tpl-reinstate', onclick: () => void record({ ...current(), retired: false }, 'tpl.reinstated') }, tt('tpl.reinstate')))
      : h('button', { type: 'button', class: 'btn', id: 'tpl-retire', onclick: () => void record({ ...current(), retired: true }, 'tpl.retiredDone') }, tt('tpl.retire')),
    h('h3', null, tt('tpl.new')),
    h('div', { class: 'row wrap' },
      h('label', { class: 'tpl-field' }, tt('tpl.newName'), newName),
      h('button', { type: 'button', class: 'btn', id: 'tpl-create', onclick: () => void create(newName.value.trim()) }, tt('tpl.create'))),
    historyOf(saved.id));
}

export const templatesScreen: Screen = (root) => {
  const status = h('div', { id: 'tpl-status', 'aria-live': 'polite' });
  const chooser = h('select', { id: 'tpl-choose', class: 'wf-num tpl-choose' });
  const editor = h('div', { id: 'tpl-editor' });
  let templates: StaffingTemplate[] = [];
  let saved: StaffingTemplate | null = null;
  let draft: StaffingTemplate | null = null;

  const draw = (): void => {
    if (!draft) return void clear(editor);
    const d = draft;
    const newRole = h('input', { type: 'text', id: 'tpl-new-role', class: 'wf-num tpl-new', maxlength: 40, autocomplete: 'off', 'aria-label': tt('tpl.newRole'), placeholder: 'role-name' });
    clear(editor,
      saved?.retired ? h('p', { class: 'tpl-retired-top', id: 'tpl-retired-top' }, tt('tpl.retiredNote')) : null,
      h('label', { class: 'tpl-field' }, tt('tpl.name'),
        h('input', { type: 'text', id: 'tpl-name', class: 'wf-num tpl-new', maxlength: 120, value: d.name, oninput: (ev: Event) => (d.name = (ev.target as HTMLInputElement).value) })),
      d.source ? h('p', { class: 'small muted', id: 'tpl-source' }, tt('tpl.source', { s: d.source })) : null,
      h('label', { class: 'row wf-check' },
        h('input', { type: 'checkbox', id: 'tpl-surgical', checked: d.surgical, onchange: (ev: Event) => (d.surgical = (ev.target as HTMLInputElement).checked) }),
        tt('tpl.surgical')),
      h('div', { class: 'tpl-slots' }, d.slots.map((s, i) => slotCard(s, i, () => {
        d.slots.splice(i, 1);
        draw();
      }))),
      h('div', { class: 'row wrap' },
        h('label', { class: 'tpl-field' }, tt('tpl.newRole'), newRole),
        h('button', { type: 'button', class: 'btn', id: 'tpl-add', onclick: () => {
          const role = newRole.value.trim();
          if (!ROLE_ID.test(role) || d.slots.some((s) => s.role === role)) return void clear(status, h('p', { class: 'error' }, tt('tpl.badRole')));
          d.slots.push({ role, count: 1, accepts: [], substitutes: [], maxLevel: 4, minTrainingWeeks: 0, minCasesLast12Months: 0, critical: false, perPlatoon: false });
          clear(status);
          draw();
        } }, tt('tpl.add'))),
      h('button', { type: 'button', class: 'btn primary', id: 'tpl-save', onclick: () => void save() }, tt('tpl.save')),
      saved ? lifecycle(saved, () => saved ?? d, record, create) : null);
  };

  const pick = (id: string): void => {
    want = id;
    saved = templates.find((t) => t.id === id) ?? null;
    draft = saved ? structuredClone(saved) : null;
    chooser.value = id;
    draw();
  };

  /** One `template.set` fact through the workforce door (a save, rename, retirement or a new template). */
  async function record(t: StaffingTemplate, done: TplKey): Promise<void> {
    clear(status, h('p', { class: 'muted' }, tt('tpl.saving')));
    try {
      await api('/api/workforce/facts', { body: { facts: [{ id: uuidv7(), at: new Date().toISOString(), type: 'template.set', payload: t }] } });
      if (saved?.id === t.id) saved = structuredClone(t); // what stands now, before the list is read again
      clear(status, h('p', { id: 'tpl-saved' }, tt(done)));
      want = t.id;
      await load();
    } catch (e) {
      clear(status, h('p', { class: 'error', id: 'tpl-refused' }, tt('tpl.invalid', { m: refusal(e) })));
    }
  }

  async function save(): Promise<void> {
    if (!draft || !saved) return;
    if (same(draft, saved)) return void clear(status, h('p', { id: 'tpl-unchanged' }, tt('tpl.unchanged')));
    if (draft.slots.some((s) => !s.accepts.length)) return void clear(status, h('p', { class: 'error' }, tt('tpl.none')));
    await record(draft, 'tpl.saved');
  }

  async function create(name: string): Promise<void> {
    if (!draft) return;
    if (!name) return void clear(status, h('p', { class: 'error' }, tt('tpl.needName')));
    const { source: _source, retired: _retired, ...copy } = structuredClone(draft);
    await record({ ...copy, id: newTemplateId(name, templates.map((t) => t.id)), name }, 'tpl.created');
  }

  // Reads of the list may answer out of order (a save's and a wake-up's): only the last one asked for is shown, and
  // the template it shows is the one wanted when it answers (a wake-up asked before a new template was created and
  // answering after it switched the editor back to the old one).
  const started = newest();
  let want: string | undefined;
  async function load(): Promise<void> {
    const current = started();
    try {
      const fetched = (await api<{ templates: StaffingTemplate[] }>('/api/workforce/templates')).templates;
      if (!current()) return;
      const keep = want;
      // A wake-up that changed nothing here (our own save, already shown) redraws nothing: what is typed stays.
      if (keep === draft?.id && JSON.stringify(fetched) === JSON.stringify(templates)) return;
      templates = fetched;
      clear(chooser, templates.map((t) => h('option', { value: t.id }, templateName(t) + (t.retired ? ` (${tt('tpl.retiredTag')})` : ''))));
      pick(keep && templates.some((t) => t.id === keep) ? keep : (templates[0]?.id ?? ''));
    } catch (e) {
      clear(status, h('p', { class: 'error' }, refusal(e)));
    }
  }
  chooser.addEventListener('change', () => pick(chooser.value));

  clear(root,
    h('h2', null, tt('tpl.title')),
    h('p', null, h('a', { href: '#/staff', class: 'btn', id: 'tpl-back' }, tt('tpl.back'))),
    h('p', { class: 'small muted' }, tt('tpl.help')),
    h('label', { class: 'tpl-field' }, tt('tpl.choose'), chooser),
    editor,
    status);
  void load();
  // Another officer's save re-reads the list, but never throws away an edit in progress here.
  return live(() => {
    if (!draft || !saved || same(draft, saved)) void load();
  }, () => {});
};

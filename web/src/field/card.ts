// The casualty card: running tourniquet clocks and reassessment first, then body map, vitals, MARCH, medications,
// triage, notes and the ATMIST handover. Static forms are built once; the live parts re-render on every change.
import { h, clear, field, picker, newest } from '../dom.ts';
import { t, tc } from '../i18n.ts';
import { errText } from '../ui/refusal.ts';
import { steadyRender } from '../ui/steady.ts';
import type { Key } from '../i18n.ts';
import { casualtyState, onChange, record, watch } from '../store.ts';
import type { Row } from '../store.ts';
import { MARCH, Avpu } from '../../../src/core/index.ts';
import type { BodyRegion, CasualtyEvent, CasualtyState, EventType, Limb, PayloadOf, Triage, MarchGroup } from '../../../src/core/index.ts';
import { casualtyName, dur, durMin, minutesSince, time, zoneNote } from '../fmt.ts';
import { onTick, tickClocks } from '../tick.ts';
import { bodySvg } from './bodymap.ts';
import { triageWizard, triageLabel } from './triage.ts';
import { DRUGS, given, medText, mistTable, speak, vitalsText } from '../mist.ts';
import { draft, setDirty } from '../dirty.ts';
import { tourniquetTiles, tqTypePicker } from './tourniquet.ts';
import { LIMBS, MECHS, PRECS, tqAgoPicker } from './quick.ts';
import type { Confirming } from './tourniquet.ts';
import { changesText, identityForm } from './identity.ts';
import { ct } from './card-i18n.ts';
import { getUnits } from '../api.ts';
import type { Unit } from '../../../src/core/index.ts';
import type { Screen } from '../screen.ts';
import { clockBanner, conflictBadges, needsTimeNote } from '../sync/views.ts';
import { th } from '../handover/i18n.ts';
import { correctionsPanel } from '../corrections/panel.ts';

const FLUID_ML: Record<string, number> = { crystalloid: 500, 'whole-blood': 500, plasma: 250, prbc: 300, colloid: 500 };
const TQ_LIMBS: Limb[] = [...LIMBS, 'truncal'];

/** Records received by a hand-over code: say so, and whether the code's signature was verified (issue 17). */
const handoverMark = (rows: Row[]): HTMLElement | null => {
  const got = rows.filter((r) => r.handover);
  if (!got.length) return null;
  const verified = got.every((r) => r.handover!.verified);
  return h('p', { class: `badge ${verified ? '' : 'bad'}`, id: 'handover-mark', 'data-verified': String(verified) },
    verified ? '✓ ' : '⚠ ', th(verified ? 'ho.verified' : 'ho.unverified'), ` · ${got[0]!.handover!.author}`);
};

/**
 * The 9-line button says whether the request left this phone: "9-LINE ✓" offline read as "MEDEVAC requested", and a
 * medic stopped calling it in. Not sent, the card says so under it, with the time and what to do (radio or voice).
 */
function nineLineState(s: CasualtyState, rows: Row[]): { label: string; note: HTMLElement | null } {
  if (!s.evac.nineLine) return { label: '9-LINE', note: null };
  const last = rows.filter((r) => r.event.type === 'evac.requested' || r.event.type === 'evac.updated').at(-1);
  if (!last || last.status === 'sent') return { label: '9-LINE ✓', note: null };
  const said = last.status === 'rejected' ? 'nine.refused' : last.status === 'held' ? 'nine.held' : 'nine.unsent';
  return {
    label: `9-LINE ${said === 'nine.unsent' ? '…' : '⚠'}`,
    note: h('p', { class: 'badge bad', id: 'nine-unsent', 'data-status': last.status }, ct(said, { time: time(last.event.at, { zoned: true }) })),
  };
}

const section = (key: Key, id: string, open: boolean, ...body: (Node | null)[]): HTMLDetailsElement =>
  h('details', { class: 'sec', id, open }, h('summary', null, t(key)), ...body);

/**
 * Record one event on this casualty (the card's own `rec`: it says so in a toast, named `what` if given, with an
 * Undo: one gloved slip on a drug or a limb is undone by one tap, not four taps and a typed reason on the timeline).
 */
type Rec = <T extends EventType>(type: T, payload: PayloadOf<T>, what?: string, at?: string, done?: (e: CasualtyEvent) => void) => void;

/**
 * Each vital's range (the event schema's) and what is unusual enough to ask about once: a typed 13 for 130, 9 for 97.
 * 0 is a record (no pulse, no breathing), not a slip.
 */
const VITALS = {
  pulse: { key: 'vitals.pulse', max: 300, unusual: (v: number) => (v > 0 && v < 30) || v > 220 },
  sbp: { key: 'vitals.sbp', max: 300, unusual: (v: number) => (v > 0 && v < 40) || v > 250 },
  rr: { key: 'vitals.rr', max: 80, unusual: (v: number) => (v > 0 && v < 6) || v > 60 },
  spo2: { key: 'vitals.spo2', max: 100, unusual: (v: number) => v > 0 && v < 50 },
  pain: { key: 'vitals.pain', max: 10, unusual: () => false },
} as const satisfies Record<string, { key: Key; max: number; unusual: (v: number) => boolean }>;
type Vital = keyof typeof VITALS;

/**
 * The vitals form: numbers with their labels, AVPU, one record button; the recorded list below it (a draft kept).
 * A number out of range is marked and said, nothing recorded and nothing cleared; an unusual one is asked about once;
 * the fields are cleared once the record is written (a refused record wiped every field typed).
 */
function vitalsFormOf(rec: Rec, say: Flash, vitalsList: HTMLElement, id: string): HTMLElement {
  const kept = draft<[string[], string | undefined, boolean]>(`vitals.${id}`, 'vitals');
  let asked = { sig: '', at: 0 };
  const keep = (): void => {
    asked = { sig: '', at: 0 };
    kept.keep([pulse, sbp, rr, spo2, pain].some((i) => i.value) || avpu || palp.checked ? [[pulse, sbp, rr, spo2, pain].map((i) => i.value), avpu, palp.checked] : null);
  };
  const num = (key: Key, name: Vital, max: number): HTMLInputElement =>
    h('input', { type: 'number', inputmode: 'numeric', min: 0, max, name, id: `vital-${name}`, oninput: keep });
  const labelled = (key: Key, input: HTMLInputElement): HTMLElement => field(t(key), input);
  const pulse = num('vitals.pulse', 'pulse', 300);
  const sbp = num('vitals.sbp', 'sbp', 300);
  const rr = num('vitals.rr', 'rr', 80);
  const spo2 = num('vitals.spo2', 'spo2', 100);
  const pain = num('vitals.pain', 'pain', 10);
  const palp = h('input', { type: 'checkbox', name: 'palpated', onchange: keep });
  let avpu: string | undefined;
  const showAvpu = (): void => avpuSeg.querySelectorAll('button').forEach((b) => b.classList.toggle('on', b.dataset.avpu === avpu));
  const avpuSeg = h('div', { class: 'seg' }, Avpu.options.map((a) => h('button', {
    class: 'btn', 'data-avpu': a,
    onclick: () => { avpu = avpu === a ? undefined : a; showAvpu(); keep(); },
  }, a)));
  if (kept.kept) {
    [pulse, sbp, rr, spo2, pain].forEach((i, n) => (i.value = kept.kept![0][n] ?? ''));
    [, avpu, palp.checked] = kept.kept;
    showAvpu();
  }
  const inputs: Record<Vital, HTMLInputElement> = { pulse, sbp, rr, spo2, pain };
  const val = (i: HTMLInputElement): number | undefined => (i.value === '' ? undefined : Number(i.value));
  /** The typed numbers, or null with the first bad field marked and said (a decimal, a sign, out of range). */
  const read = (): Partial<Record<Vital, number>> | null => {
    const out: Partial<Record<Vital, number>> = {};
    for (const [name, v] of Object.entries(VITALS) as [Vital, (typeof VITALS)[Vital]][]) {
      const i = inputs[name];
      const x = val(i);
      // A number input holding text the browser could not read has value '' but is not empty: also bad.
      const bad = i.validity.badInput || (x !== undefined && !(Number.isInteger(x) && x >= 0 && x <= v.max));
      i.classList.toggle('invalid', bad);
      i.setAttribute('aria-invalid', String(bad));
      if (bad) {
        i.focus();
        say(ct('vitals.range', { what: t(v.key), min: 0, max: v.max }), { error: true });
        return null;
      }
      if (x !== undefined) out[name] = x;
    }
    return out;
  };
  const vitalsForm = h('div', { class: 'vitals' },
    h('div', { class: 'grid2' }, labelled('vitals.pulse', pulse), labelled('vitals.sbp', sbp), labelled('vitals.rr', rr), labelled('vitals.spo2', spo2), labelled('vitals.pain', pain), h('label', { class: 'check' }, palp, t('vitals.palpated'))),
    h('p', { class: 'muted' }, t('vitals.avpu')), avpuSeg,
    h('button', {
      class: 'btn big primary', id: 'record-vitals',
      onclick: () => {
        const nums = read();
        if (!nums) return;
        const all = { ...nums, avpu, bpPalpated: palp.checked || undefined };
        const p = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as PayloadOf<'vitals'>;
        if (!Object.keys(p).length) return;
        const odd = (Object.keys(nums) as Vital[]).filter((k) => VITALS[k].unusual(nums[k]!));
        const sig = JSON.stringify(p);
        // The same numbers tapped again are kept, but not a double tap's second tap (the question was not read yet).
        if (odd.length && (asked.sig !== sig || Date.now() - asked.at < DOUBLE_TAP_MS)) {
          if (asked.sig !== sig) asked = { sig, at: Date.now() };
          return say(ct('vitals.unusual', { list: odd.map((k) => `${t(VITALS[k].key)} ${nums[k]}`).join(', ') }), { error: true });
        }
        rec('vitals', p, undefined, undefined, () => {
          [pulse, sbp, rr, spo2, pain].forEach((i) => (i.value = ''));
          palp.checked = false;
          avpu = undefined;
          showAvpu();
          kept.keep(null);
        });
      },
    }, t('vitals.record')),
    vitalsList);
  return vitalsForm;
}

/** The MARCH treatments, one button each (fluids with their usual volume); the recorded list below. */
function marchFormOf(rec: Rec, txList: HTMLElement): HTMLElement {
  const marchForm = h('div', null,
    (Object.keys(MARCH) as MarchGroup[]).map((g) => h('div', { class: 'march' },
      h('h4', null, t(`march.${g}`)),
      h('div', { class: 'grid2' }, (MARCH[g] as readonly string[]).map((k) => h('button', {
        class: 'btn', 'data-tx': k,
        onclick: () => rec('treatment', { group: g, kind: k, ...(FLUID_ML[k] ? { volumeMl: FLUID_ML[k], route: 'IV' as const } : {}) }, tc('tx', k)),
      }, tc('tx', k)))))),
    txList);
  return marchForm;
}

/** Routes whose short forms differ by one letter (в/в, в/м, в/к; IV, IM, IO): said in words too where one is picked. */
const ROUTES_SAID = { IV: 'routeSaid.IV', IM: 'routeSaid.IM', IO: 'routeSaid.IO' } as const;
const withRouteSaid = (label: string, route: string): string =>
  route in ROUTES_SAID ? `${label} — ${ct(ROUTES_SAID[route as keyof typeof ROUTES_SAID])}` : label;

/**
 * A dose typed (ketamine's 1–2 mg/kg IV worked out for this casualty, or any other), in the drug's unit, by one of
 * its routes; nothing is recorded until the number is a dose.
 */
function otherDose(d: (typeof DRUGS)[number], done: (p: PayloadOf<'medication'>) => void): HTMLElement {
  const unit = d.doses[0]!.unit;
  const routes = d.typed ?? [...new Set(d.doses.map((g) => g.route))];
  let route = routes[0]!;
  const n = h('input', { type: 'number', inputmode: 'decimal', min: 0, step: 'any', id: `dose-${d.id ?? d.name}` });
  return h('div', { class: 'med-other' },
    field(`${ct('med.other')}, ${tc('unit', unit)}`, n),
    routes.length > 1 ? picker(ct('med.route'), routes, (r) => withRouteSaid(tc('route', r), r), 'data-other-route', (r) => (route = r), route) : null,
    h('button', { class: 'btn primary', 'data-record-dose': d.id ?? d.name, onclick: () => {
      const dose = Number(n.value);
      if (!(dose > 0 && dose <= 100_000)) return n.focus();
      done(given(d, { dose, unit, route }));
    } }, ct('med.record')));
}

/**
 * The drugs, each at its common dose one tap; the button beside it (+n) opens its other doses and routes, one tap each
 * (a dose given by another route or for sedation was not recordable). The recorded list below.
 */
function medsFormOf(rec: Rec, medList: HTMLElement): HTMLElement {
  let open: string | null = null;
  const box = h('div', { class: 'meds' });
  const give = (d: (typeof DRUGS)[number], g: (typeof DRUGS)[number]['doses'][number]): HTMLElement => {
    const label = withRouteSaid(medText(given(d, g)), g.route);
    return h('button', { class: 'btn', 'data-med': d.id ?? d.name, 'data-dose': `${g.dose} ${g.unit} ${g.route}`, onclick: () => { rec('medication', given(d, g), label); open = null; render(); } }, label);
  };
  const render = (): void => clear(box, DRUGS.flatMap((d, i) => {
    const [common, ...more] = d.doses;
    const key = d.id ?? d.name;
    const on = open === key;
    const n = more.length + (d.typed ? 1 : 0); // a typed dose is one more choice
    return [d.class !== DRUGS[i - 1]?.class ? h('h4', { 'data-med-class': d.class }, ct(`medclass.${d.class}`)) : null, h('div', { class: 'med' },
      h('div', { class: 'med-row' }, give(d, common!), n ? h('button', {
        class: `btn more ${on ? 'on' : ''}`, 'data-med-more': key, 'aria-expanded': String(on), 'aria-label': `${t(d.key)}: ${ct('med.more')} (+${n})`,
        onclick: () => { open = on ? null : key; render(); },
      }, `+${n} ${on ? '▴' : '▾'}`) : null),
      on ? h('div', { class: 'stack med-doses' }, more.map((g) => give(d, g)), otherDose(d, (p) => { rec('medication', p, withRouteSaid(medText(p), p.route ?? '')); open = null; render(); })) : null)];
  }));
  render();
  return h('div', null, box, medList);
}

/**
 * The live mechanism records naming `m` and what each names now (its latest amendment applied): removing `m` voids a
 * record that named only it and amends one that named others too (append-only: the log keeps both, with the reason).
 */
function mechanismRecords(rows: Row[], m: string): { id: string; rest: string[] }[] {
  const voided = new Set(rows.filter((r) => r.event.type === 'void').map((r) => (r.event.payload as { target: string }).target));
  const live = rows.filter((r) => !voided.has(r.id));
  return live.filter((r) => r.event.type === 'mechanism').flatMap((r) => {
    const amended = live.filter((a) => a.event.type === 'amend' && (a.event.payload as PayloadOf<'amend'>).target === r.id)
      .map((a) => (a.event.payload as PayloadOf<'amend'>).changes.mechanisms).filter((x): x is string[] => Array.isArray(x));
    const now = amended.at(-1) ?? (r.event.payload as PayloadOf<'mechanism'>).mechanisms;
    return now.includes(m) ? [{ id: r.id, rest: now.filter((x) => x !== m) }] : [];
  });
}

/**
 * Several mechanisms (a blast, then a bullet, then a burn): each tap adds one, kept in the order recorded (the card's
 * chips and the ATMIST M). One already recorded shows pressed; a tap on it asks whether to remove it (a slip's "burn"
 * on a gunshot casualty), "keep" the first answer, so a second slip removes nothing.
 */
function mechButtons(had: readonly string[], rows: Row[], rec: Rec, asking: { m: string | null }, redraw: () => void): HTMLElement[] {
  const buttons = MECHS.map((m) => h('button', {
    class: `btn ${had.includes(m) ? 'on' : ''}`, 'data-add-mech': m, 'aria-pressed': String(had.includes(m)),
    onclick: () => {
      if (!had.includes(m)) rec('mechanism', { mechanisms: [m] }, `${ct('mech.title')}: ${tc('mech', m)}`);
      else { asking.m = m; redraw(); }
    },
  }, had.includes(m) ? '✓ ' : '', tc('mech', m)));
  const m = asking.m;
  if (!m || !had.includes(m)) return buttons;
  const close = (): void => { asking.m = null; redraw(); };
  const remove = (): void => {
    const what = `${ct('mech.removed')}: ${tc('mech', m)}`;
    const reason = `${ct('mech.removedReason')}: ${m}`;
    for (const r of mechanismRecords(rows, m)) {
      if (r.rest.length) rec('amend', { target: r.id, changes: { mechanisms: r.rest }, reason }, ct('mech.title'));
      else rec('void', { target: r.id, reason }, what);
    }
    close();
  };
  return [...buttons, h('div', { class: 'stack confirm', id: 'mech-remove', role: 'alertdialog', 'aria-labelledby': 'mech-remove-q' },
    h('p', { id: 'mech-remove-q' }, ct('mech.removeAsk', { m: tc('mech', m) })),
    h('button', { class: 'btn big primary', id: 'mech-keep', onclick: close }, ct('mech.keep')),
    h('button', { class: 'btn big', id: 'mech-remove-yes', onclick: remove }, ct('mech.remove')))];
}

/** A new tourniquet: its type, when it went on (now unless found on), then one tap on the limb. */
function addTourniquetForm(rec: Rec, earlier: (e: CasualtyEvent) => void): HTMLElement {
  let newTqType: PayloadOf<'tourniquet.applied'>['tqType'] = 'CAT';
  let ago = 0;
  const addTq = h('div', null, tqTypePicker((x) => (newTqType = x)), tqAgoPicker((m) => (ago = m)), h('p', { class: 'muted' }, t('card.tqAdd')),
    h('div', { class: 'grid3' }, TQ_LIMBS.map((limb) => h('button', { class: 'btn', 'data-add-tq': limb,
      onclick: () => rec('tourniquet.applied', { limb, tqType: newTqType }, `${t('ev.tourniquet.applied')}: ${tc('limb', limb)}`, new Date(Date.now() - ago * 60_000).toISOString(), earlier),
    }, tc('limb', limb)))));
  return addTq;
}

/** A free-text note (a draft kept); the notes below. */
function notesFormOf(rec: Rec, notesList: HTMLElement, id: string): HTMLElement {
  const kept = draft<string>(`note.${id}`, 'note');
  const noteInput = h('textarea', { rows: 3, placeholder: t('card.notePlaceholder'), id: 'note', value: kept.kept ?? '', oninput: () => kept.keep(noteInput.value.trim() ? noteInput.value : null) });
  const notesForm = h('div', null, noteInput,
    h('button', { class: 'btn big', onclick: () => { const text = noteInput.value.trim(); if (!text) return; rec('note', { text }); noteInput.value = ''; kept.keep(null); } }, t('card.addNote')),
    notesList);
  return notesForm;
}

/**
 * The card's toast: `flash(msg)` says it at the top; with `undo`, an Undo button (kept 8 s: a tired reader) goes with it.
 * It lies over the top bar for those 8 s, so the Undo sits on the left, over the title (read after the message), and a
 * tap anywhere else on the toast only closes it: the lock and language buttons under it (a phone locked right after a
 * record) never undo.
 */
type Flash = (msg: string, o?: { undo?: () => void; again?: () => void; error?: boolean }) => void;
function toastOf(): { el: HTMLElement; flash: Flash } {
  const hide = (): void => { el.classList.remove('show', 'undo', 'error', 'warn'); clear(el); };
  const el = h('div', { class: 'toast', role: 'status', onclick: hide });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const button = (id: string, run: () => void, ...label: string[]): HTMLElement =>
    h('button', { class: 'btn', id, onclick: () => { hide(); run(); } }, ...label);
  return { el, flash(msg, o = {}) {
    // An error is red and stays 8 s, as an Undo does: a refusal read as the green "✓" of a record was no refusal.
    clear(el, msg, o.undo ? button('toast-undo', o.undo, '↶ ', ct('tq.undo')) : null, o.again ? button('toast-again', o.again, '+ ', ct('rec.again')) : null);
    el.classList.toggle('undo', !!(o.undo ?? o.again));
    el.classList.toggle('error', !!o.error);
    el.classList.toggle('warn', !!o.again); // not recorded, asked: amber, not the green of a record
    el.classList.add('show');
    clearTimeout(timer);
    timer = setTimeout(hide, o.undo || o.again || o.error ? 8000 : 2500);
  } };
}

/** The same record again within this is taken for a gloved double tap: asked about, not recorded. */
const DOUBLE_TAP_MS = 2_000;
/** The same drug and dose, or a tourniquet on the same limb, again within this is asked about too. */
const REPEAT_ASK_MS = 60_000;
const ASKED_AGAIN: ReadonlySet<EventType> = new Set(['medication', 'tourniquet.applied']);

/**
 * Which records the card just made, by type and payload (but the `supersedes` a second tap's state already names): a
 * repeat within DOUBLE_TAP_MS, or a drug or tourniquet repeated within REPEAT_ASK_MS, waits for "again" — never
 * dropped in silence (two chest seals are real), never recorded twice by a double tap (one dose of morphine read as
 * 20 mg by the next medic; two tourniquets on one limb are real too, so asked, not refused).
 */
type Repeats = {
  check(type: EventType, payload: unknown): 'new' | { ago: number };
  made(type: EventType, payload: unknown): void;
  /** An undone record: the same again is a new intent, not a repeat. */
  undone(type: EventType, payload: unknown): void;
};
function repeats(): Repeats {
  const last = new Map<string, number>();
  const key = (type: EventType, payload: unknown): string => `${type} ${JSON.stringify({ ...(payload as object), supersedes: undefined })}`;
  const made = (type: EventType, payload: unknown): void => void last.set(key(type, payload), Date.now());
  return {
    made,
    undone: (type, payload) => void last.delete(key(type, payload)),
    check(type, payload) {
      const ago = Date.now() - (last.get(key(type, payload)) ?? -Infinity);
      if (ago < DOUBLE_TAP_MS || (ASKED_AGAIN.has(type) && ago < REPEAT_ASK_MS)) return { ago };
      made(type, payload);
      return 'new';
    },
  };
}

/**
 * The next reassessment (`data-due`): its 24-h time and how long to go ("in 12 min"), ticking; once past, it says
 * "overdue by 3 min" in words as well as in red (red alone is lost on a dim screen or to a colour-blind medic).
 */
function showDue(el: HTMLElement): HTMLElement {
  const due = el.dataset.due!;
  const left = -minutesSince(due);
  el.classList.toggle('overdue', left <= 0);
  el.textContent = left > 0
    ? `${t('card.reassessDue', { time: time(due) })} · ${ct('reassess.in', { d: durMin(left) })}`
    : `${t('card.reassessOverdue', { time: time(due) })} · ${ct('reassess.over', { d: durMin(-left, false) })}`;
  return el;
}

/**
 * The time since injury: a clock while the casualty is on the medic's hands; once its outcome is recorded (died,
 * evacuated onward …) it stops there and says so, as the tourniquets do: no clock counts on for a closed casualty.
 */
function sinceInjury(s: CasualtyState): (HTMLElement | string)[] {
  if (!s.outcome) return [h('strong', { 'data-since': s.injuredAt ?? '' }, dur(minutesSince(s.injuredAt))), ' ', t('console.sinceInjury')];
  const outcome = tc('outcome', s.outcome.outcome);
  return [h('strong', null, dur(minutesSince(s.injuredAt, Date.parse(s.outcome.at)))), ' ', ct('card.injuryToOutcome', { outcome, time: time(s.outcome.at, { zoned: true }) })];
}

const INJURY_KINDS = ['penetrating', 'gunshot-wound', 'blast', 'burn', 'fracture', 'amputation', 'laceration', 'crush', 'other'] as const;
/** The kinds of injury offered for a region tapped on the body map, one thumb-sized button each. */
const injuryKinds = (region: BodyRegion, pick: (kind: (typeof INJURY_KINDS)[number]) => void): HTMLElement[] => [
  h('p', null, t('body.pickKind', { region: tc('region', region) })),
  h('div', { class: 'grid3' }, INJURY_KINDS.map((k) => h('button', { class: 'btn', 'data-kind': k, onclick: () => pick(k) }, tc('injury', k)))),
];

/** The card's `rec`: each record said in the toast with its Undo, a double tap dropped, a repeated drug asked about. */
function recorder(id: string, flash: Flash): Rec {
  const seen = repeats();
  const rec: Rec = (type, payload, what = t(`ev.${type}` as Key), at, done) => {
    const repeat = seen.check(type, payload);
    if (repeat === 'new') return write(type, payload, what, at, done);
    flash(ct('rec.repeat', { what, d: dur(repeat.ago / 60_000) }), { again: () => { seen.made(type, payload); write(type, payload, what, at, done); } });
  };
  const write: Rec = (type, payload, what = t(`ev.${type}` as Key), at, done) => {
    // An amendment says what it changed ("Identity: Name: Петренко Іван"): a bare "Amendment ✓" named nothing.
    const said = type === 'amend' ? `${what}: ${changesText((payload as PayloadOf<'amend'>).changes)} ✓` : `${what} ✓`;
    record(id, type, payload, at)
      .then((e) => {
        const undo = (): void => { seen.undone(type, payload); rec('void', { target: e.id, reason: ct('tq.undoReason') }, `${t('ev.void')}: ${what}`); };
        flash(said, type === 'void' ? {} : { undo });
        done?.(e);
      })
      .catch((e: unknown) => { seen.undone(type, payload); flash(errText(e), { error: true }); }); // not recorded: not a repeat
  };
  return rec;
}

export const casualtyCard: Screen = (root, params) => {
  const id = params[0]!;
  let state: CasualtyState | null = null;
  let rows: Row[] = [];
  let view: 'front' | 'back' = 'front';
  let picked: BodyRegion | null = null;
  const { el: toast, flash } = toastOf();

  const rec = recorder(id, flash);
  const confirming: Confirming = new Map();
  const mechAsking: { m: string | null } = { m: null };
  let units: Unit[] = [];
  const identity = identityForm(() => rows, (target, changes) => rec('amend', { target, changes }, t('card.identity')), () => units);
  const supersedes = (d: { history: { eventId: string }[] }): string[] => d.history.slice(-32).map((c) => c.eventId);

  // ---- live parts ----
  const head = h('div', { class: 'card-head', id: 'card-head' });
  const corrBox = h('div', { id: 'card-corrections' });
  const tqBox = h('div', { class: 'tqs', id: 'tq-box' });
  const injuriesBox = h('div', { class: 'recorded' });
  const vitalsList = h('div', { class: 'recorded' });
  const txList = h('div', { class: 'recorded' });
  const medList = h('div', { class: 'recorded' });
  const notesList = h('div', { class: 'recorded' });
  const mistBox = h('div', { id: 'mist-box' });
  const bodyBox = h('div', { class: 'bodybox' });
  const kindBox = h('div', { class: 'kinds' });
  const mechBox = h('div', { class: 'grid2', id: 'mech-box' });

  const renderLive = (): void => {
    const s = state;
    if (!s) return;
    const pending = rows.filter((r) => r.status === 'pending').length;
    const nine = nineLineState(s, rows);
    clear(head,
      clockBanner(),
      h('div', { class: 'row' },
        h('h2', null, t('card.title', { id: casualtyName(s.identity, id) })),
        pending ? h('span', { class: 'badge warn', id: 'card-pending' }, `${pending} ${t('card.notSent')}`) : null),
      h('p', { class: 'injured' }, t('card.injured', { time: time(s.injuredAt) }), ' · ', sinceInjury(s), ' · ', zoneNote()),
      h('div', { class: 'row wrap' },
        h('span', { class: 'chip' }, tc('stage', s.stage)),
        s.mechanisms.map((m) => h('span', { class: 'chip' }, tc('mech', m))),
        s.triage.value ? h('span', { class: 'chip tri' }, triageLabel(s.triage.value)) : null,
        conflictBadges(s),
        needsTimeNote(rows.map((r) => r.event), id)),
      h('div', { class: 'seg', role: 'group', 'aria-label': t('card.precedence') },
        PRECS.map((p) => h('button', {
          class: `btn prec-${p} ${s.precedence.value === p ? 'on' : ''}`, 'data-prec': p,
          onclick: () => rec('precedence', { precedence: p, supersedes: supersedes(s.precedence) }, `${t('card.precedence')}: ${tc('prec', p)}`),
        }, tc('prec', p)))),
      s.reassessment ? showDue(h('div', { class: 'reassess', id: 'reassess', 'data-due': s.reassessment.dueAt })) : null,
      h('div', { class: 'grid3' },
        h('a', { class: 'btn big primary', href: `#/c/${id}/9line`, id: 'open-9line' }, nine.label),
        h('button', { class: 'btn big', onclick: () => mistSec.open = true }, 'ATMIST'),
        h('a', { class: 'btn big', href: `#/c/${id}/timeline` }, t('card.timeline'))),
      nine.note,
      handoverMark(rows),
      h('a', { class: 'btn big', id: 'open-handover', href: `#/c/${id}/handover` }, '▦ ', th('ho.show')),
    );
    clear(tqBox, tourniquetTiles(s, rows, confirming, {
      stop: (type, applied) => rec(type, { applied }),
      undo: (target) => { rec('void', { target, reason: ct('tq.undoReason') }); flash(ct('tq.undone')); },
      setType: (applied, tqType) => {
        const target = rows.find((r) => r.id === applied);
        if (target) rec('amend', { target: target.id, changes: { tqType } });
      },
      redraw: renderLive,
    }));
    clear(corrBox, correctionsPanel(s, rows.map((r) => r.event)));
    identity.show(s);
    clear(mechBox, mechButtons(s.mechanisms, rows, rec, mechAsking, renderLive));
    const marked = new Set(s.injuries.filter((i) => i.view === view).map((i) => i.region));
    clear(bodyBox,
      h('div', { class: 'seg' },
        (['front', 'back'] as const).map((v) => h('button', { class: `btn ${view === v ? 'on' : ''}`, 'data-view': v, onclick: () => { view = v; picked = null; renderLive(); renderKinds(); } }, t(`body.${v}`)))),
      bodySvg(view, marked, (r) => { picked = r; renderKinds(); }),
    );
    clear(injuriesBox, s.injuries.map((i) => h('div', null, `${time(i.at)} ${tc('region', i.region)} (${t(`body.${i.view}`)}): ${tc('injury', i.kind)}`)));
    // How long ago, ticking: a re-dose or a reassessment is decided on it, not on a bare clock time read tired.
    const ago = (at: string, ...what: string[]): HTMLElement => h('div', null, `${time(at)} `, ...what, ' · ', h('span', { 'data-since': at }, dur(minutesSince(at))), ` ${ct('ago')}`);
    const older = s.vitals.length - 5; // the rest are a tap away, and said to be
    clear(vitalsList, s.vitals.slice(-5).reverse().map((v) => ago(v.at, vitalsText(v))),
      older > 0 ? h('a', { class: 'muted', href: `#/c/${id}/timeline`, 'data-vitals-older': older }, ct('vitals.older', { n: older })) : null);
    clear(txList, s.treatments.map((x) => ago(x.at, tc('tx', x.kind))));
    clear(medList, s.medications.map((m) => ago(m.at, medText(m))));
    clear(notesList, s.notes.map((n) => h('div', null, `${time(n.at)} ${n.author}: ${n.text}`)));
    clear(mistBox, mistTable(s), h('button', { class: 'btn big', id: 'read-aloud', onclick: () => speak(s) }, '▶ ', t('card.readAloud')));
  };
  const renderKinds = (): void => {
    const region = picked;
    if (!region) return clear(kindBox);
    clear(kindBox, ...injuryKinds(region, (kind) => { rec('injury', { region, view, kind }, `${tc('region', region)}: ${tc('injury', kind)}`); picked = null; renderKinds(); }));
    kindBox.scrollIntoView({ block: 'nearest' }); // under a 590 px body: the kinds would be below the screen
  };

  // ---- static forms ----
  const vitalsForm = vitalsFormOf(rec, flash, vitalsList, id);
  const marchForm = marchFormOf(rec, txList);
  const medsForm = medsFormOf(rec, medList);
  // A tourniquet found on before the recorded injury time: the injury was before it (the golden hour counts from then).
  // (Both in server time: the event's `at` as corrected for this phone's clock, SYNC-15.)
  const addTq = addTourniquetForm(rec, ({ at }) => {
    const reg = rows.find((r) => r.event.type === 'registered');
    if (reg && state?.injuredAt && at < state.injuredAt) void record(id, 'amend', { target: reg.id, changes: { injuredAt: at } });
  });
  const notesForm = notesFormOf(rec, notesList, id);

  const applyTriage = (x: Triage): void => rec('triage', { triage: x, supersedes: state ? supersedes(state.triage) : undefined }, `${t('ev.triage')}: ${triageLabel(x)}`);
  const mistSec = section('card.mist', 'sec-mist', false, mistBox);

  clear(root, tqBox, head, corrBox,
    section('card.tqAdd', 'sec-tq', false, addTq),
    section('card.identity', 'sec-identity', false, identity.el),
    h('details', { class: 'sec', id: 'sec-mech' }, h('summary', null, ct('mech.title')), mechBox),
    section('card.injuries', 'sec-body', true, bodyBox, kindBox, injuriesBox),
    section('card.vitals', 'sec-vitals', false, vitalsForm),
    section('card.treatments', 'sec-march', false, marchForm),
    section('card.meds', 'sec-meds', false, medsForm),
    section('card.triage', 'sec-triage', false, triageWizard(applyTriage)),
    section('card.notes', 'sec-notes', false, notesForm),
    mistSec, toast);
  // Held under a finger and while a tourniquet's type is being chosen (its select is rebuilt with every render; the
  // identity form's are not, and hold nothing).
  const steady = steadyRender(root, renderLive, { fields: false, selects: '[data-tq-type]' });
  const started = newest();
  const load = (current = started()): Promise<void> => casualtyState(id).then((read) => {
    if (!current()) return; // a later read is on its way, with what was just saved
    ({ state, rows } = read);
    steady.render(); // not under a finger: a tap's button replaced between down and up makes no click
  });
  void load();
  getUnits().then((u) => { units = u; if (state) identity.show(state); }).catch(() => undefined);
  const unwatch = watch(id); // pulled on open, on reconnect and periodically: other phones' records appear live
  const off = onChange(() => void load());
  const offTick = onTick(() => { tickClocks(root); const due = head.querySelector<HTMLElement>('#reassess'); if (due) showDue(due); });
  return () => {
    off();
    offTick();
    unwatch();
    steady.stop();
    setDirty('vitals', false);
    setDirty('note', false);
  };
};

// The casualty card: running tourniquet clocks and reassessment first, then body map, vitals, MARCH, medications,
// triage, notes and the ATMIST handover. Static forms are built once; the live parts re-render on every change.
import { h, clear } from '../dom.ts';
import { t, tc } from '../i18n.ts';
import type { Key } from '../i18n.ts';
import { casualtyState, onChange, record, watch } from '../store.ts';
import type { Row } from '../store.ts';
import { MARCH, Avpu } from '../../../src/core/index.ts';
import type { BodyRegion, CasualtyState, EventType, Limb, PayloadOf, Precedence, Triage, MarchGroup } from '../../../src/core/index.ts';
import { casualtyName, dur, minutesSince, time, zoneNote } from '../fmt.ts';
import { runClocks } from '../tick.ts';
import { bodySvg } from './bodymap.ts';
import { triageWizard, triageLabel } from './triage.ts';
import { FREQUENT_MEDS, medText, mistTable, speak, vitalsText } from '../mist.ts';
import { setDirty } from '../dirty.ts';
import { tourniquetTiles, tqTypePicker } from './tourniquet.ts';
import type { Confirming } from './tourniquet.ts';
import { changesText, identityForm } from './identity.ts';
import { ct } from './card-i18n.ts';
import { getUnits } from '../api.ts';
import type { Unit } from '../../../src/core/index.ts';
import type { Screen } from '../screen.ts';
import { clockBanner, conflictBadges, needsTimeNote } from '../sync/views.ts';
import { th } from '../handover/i18n.ts';
import { correctionsPanel } from '../corrections/panel.ts';
import { refusalSaid } from '../ui/refusal.ts';

const FLUID_ML: Record<string, number> = { crystalloid: 500, 'whole-blood': 500, plasma: 250, prbc: 300, colloid: 500 };
const PRECS: Precedence[] = ['urgent', 'urgent-surgical', 'priority', 'routine'];
const TQ_LIMBS: Limb[] = ['left-arm', 'right-arm', 'left-leg', 'right-leg', 'junctional', 'truncal'];

/** Records received by a hand-over code: say so, and whether the code's signature was verified (issue 17). */
const handoverMark = (rows: Row[]): HTMLElement | null => {
  const got = rows.filter((r) => r.handover);
  if (!got.length) return null;
  const verified = got.every((r) => r.handover!.verified);
  return h('p', { class: `badge ${verified ? '' : 'bad'}`, id: 'handover-mark', 'data-verified': String(verified) },
    verified ? '✓ ' : '⚠ ', th(verified ? 'ho.verified' : 'ho.unverified'), ` · ${got[0]!.handover!.author}`);
};

const section = (key: Key, id: string, open: boolean, ...body: (Node | null)[]): HTMLDetailsElement =>
  h('details', { class: 'sec', id, open }, h('summary', null, t(key)), ...body);

/** Record one event on this casualty (the card's own `rec`: it says so in a toast, named `what` if given). */
type Rec = <T extends EventType>(type: T, payload: PayloadOf<T>, what?: string) => void;

/** The vitals form: numbers with their labels, AVPU, one record button; the recorded list below it. */
function vitalsFormOf(rec: Rec, vitalsList: HTMLElement): HTMLElement {
  const num = (key: Key, name: string, max: number): HTMLInputElement =>
    h('input', { type: 'number', inputmode: 'numeric', min: 0, max, name, id: `vital-${name}`, oninput: () => setDirty('vitals', true) });
  // A label stays beside a filled box (a placeholder would vanish under the number).
  const labelled = (key: Key, input: HTMLInputElement): HTMLElement => h('label', { class: 'field' }, h('span', null, t(key)), input);
  const pulse = num('vitals.pulse', 'pulse', 300);
  const sbp = num('vitals.sbp', 'sbp', 300);
  const rr = num('vitals.rr', 'rr', 80);
  const spo2 = num('vitals.spo2', 'spo2', 100);
  const pain = num('vitals.pain', 'pain', 10);
  const palp = h('input', { type: 'checkbox', name: 'palpated' });
  let avpu: string | undefined;
  const avpuSeg = h('div', { class: 'seg' }, Avpu.options.map((a) => h('button', {
    class: 'btn', 'data-avpu': a,
    onclick: (e: Event) => { avpu = avpu === a ? undefined : a; avpuSeg.querySelectorAll('button').forEach((b) => b.classList.toggle('on', b.dataset.avpu === avpu)); void e; setDirty('vitals', true); },
  }, a)));
  const val = (i: HTMLInputElement): number | undefined => (i.value === '' ? undefined : Number(i.value));
  const vitalsForm = h('div', { class: 'vitals' },
    h('div', { class: 'grid2' }, labelled('vitals.pulse', pulse), labelled('vitals.sbp', sbp), labelled('vitals.rr', rr), labelled('vitals.spo2', spo2), labelled('vitals.pain', pain), h('label', { class: 'check' }, palp, t('vitals.palpated'))),
    h('p', { class: 'muted' }, t('vitals.avpu')), avpuSeg,
    h('button', {
      class: 'btn big primary', id: 'record-vitals',
      onclick: () => {
        const all = { pulse: val(pulse), sbp: val(sbp), rr: val(rr), spo2: val(spo2), pain: val(pain), avpu, bpPalpated: palp.checked || undefined };
        const p = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as PayloadOf<'vitals'>;
        if (!Object.keys(p).length) return;
        rec('vitals', p);
        [pulse, sbp, rr, spo2, pain].forEach((i) => (i.value = ''));
        palp.checked = false;
        avpu = undefined;
        avpuSeg.querySelectorAll('button').forEach((b) => b.classList.remove('on'));
        setDirty('vitals', false);
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
        onclick: () => rec('treatment', { group: g, kind: k, ...(FLUID_ML[k] ? { volumeMl: FLUID_ML[k], route: 'IV' as const } : {}) }),
      }, tc('tx', k)))))),
    txList);
  return marchForm;
}

/** The frequent medications, one button each; the recorded list below. */
function medsFormOf(rec: Rec, medList: HTMLElement): HTMLElement {
  const medsForm = h('div', null,
    h('div', { class: 'grid2' }, FREQUENT_MEDS.map(({ key, ...m }) => h('button', { class: 'btn', 'data-med': m.name, onclick: () => rec('medication', m) }, t(key)))),
    medList);
  return medsForm;
}

/** A new tourniquet: its type, then one tap on the limb. */
function addTourniquetForm(rec: Rec): HTMLElement {
  let newTqType: PayloadOf<'tourniquet.applied'>['tqType'] = 'CAT';
  const addTq = h('div', null, tqTypePicker((x) => (newTqType = x)), h('p', { class: 'muted' }, t('card.tqAdd')),
    h('div', { class: 'grid3' }, TQ_LIMBS.map((limb) => h('button', { class: 'btn', onclick: () => rec('tourniquet.applied', { limb, tqType: newTqType }) }, tc('limb', limb)))));
  return addTq;
}

/** A free-text note; the notes below. */
function notesFormOf(rec: Rec, notesList: HTMLElement): HTMLElement {
  const noteInput = h('textarea', { rows: 3, placeholder: t('card.notePlaceholder'), id: 'note', oninput: () => setDirty('note', noteInput.value.trim() !== '') });
  const notesForm = h('div', null, noteInput,
    h('button', { class: 'btn big', onclick: () => { const text = noteInput.value.trim(); if (!text) return; rec('note', { text }); noteInput.value = ''; setDirty('note', false); } }, t('card.addNote')),
    notesList);
  return notesForm;
}

export const casualtyCard: Screen = (root, params) => {
  const id = params[0]!;
  let state: CasualtyState | null = null;
  let rows: Row[] = [];
  let view: 'front' | 'back' = 'front';
  let picked: BodyRegion | null = null;
  const toast = h('div', { class: 'toast', role: 'status' });

  const rec: Rec = (type, payload, what = t(`ev.${type}` as Key)) => {
    // An amendment says what it changed ("Identity: Name: Петренко Іван"): a bare "Amendment ✓" named nothing.
    const said = type === 'amend' ? `${what}: ${changesText((payload as PayloadOf<'amend'>).changes)} ✓` : `${what} ✓`;
    record(id, type, payload)
      .then(() => flash(said))
      .catch((e: unknown) => flash(t('common.error', { msg: refusalSaid(e) })));
  };
  const confirming: Confirming = new Map();
  let units: Unit[] = [];
  const identity = identityForm(() => rows, (target, changes) => rec('amend', { target, changes }, t('card.identity')), () => units);
  let flashTimer: ReturnType<typeof setTimeout> | undefined;
  const flash = (msg: string): void => {
    toast.textContent = msg;
    toast.classList.add('show');
    clearTimeout(flashTimer);
    flashTimer = setTimeout(() => toast.classList.remove('show'), 2500);
  };
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

  const renderLive = (): void => {
    const s = state;
    if (!s) return;
    const pending = rows.filter((r) => r.status === 'pending').length;
    clear(head,
      clockBanner(),
      h('div', { class: 'row' },
        h('h2', null, t('card.title', { id: casualtyName(s.identity, id) })),
        pending ? h('span', { class: 'badge warn', id: 'card-pending' }, `${pending} ${t('card.notSent')}`) : null),
      h('p', { class: 'injured' }, t('card.injured', { time: time(s.injuredAt) }), ' · ',
        h('strong', { 'data-since': s.injuredAt ?? '' }, dur(minutesSince(s.injuredAt))), ' ', t('console.sinceInjury'), ' · ', zoneNote()),
      h('div', { class: 'row wrap' },
        h('span', { class: 'chip' }, tc('stage', s.stage)),
        s.mechanisms.map((m) => h('span', { class: 'chip' }, tc('mech', m))),
        s.triage.value ? h('span', { class: 'chip tri' }, triageLabel(s.triage.value)) : null,
        conflictBadges(s),
        needsTimeNote(rows.map((r) => r.event), id)),
      h('div', { class: 'seg', role: 'group', 'aria-label': t('card.precedence') },
        PRECS.map((p) => h('button', {
          class: `btn prec-${p} ${s.precedence.value === p ? 'on' : ''}`, 'data-prec': p,
          onclick: () => rec('precedence', { precedence: p, supersedes: supersedes(s.precedence) }),
        }, tc('prec', p)))),
      s.reassessment
        ? h('div', { class: `reassess ${s.reassessment.overdue ? 'overdue' : ''}` },
            t(s.reassessment.overdue ? 'card.reassessOverdue' : 'card.reassessDue', { time: time(s.reassessment.dueAt) }))
        : null,
      h('div', { class: 'grid3' },
        h('a', { class: 'btn big primary', href: `#/c/${id}/9line`, id: 'open-9line' }, s.evac.nineLine ? '9-LINE ✓' : '9-LINE'),
        h('button', { class: 'btn big', onclick: () => mistSec.open = true }, 'ATMIST'),
        h('a', { class: 'btn big', href: `#/c/${id}/timeline` }, t('card.timeline'))),
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
    const marked = new Set(s.injuries.filter((i) => i.view === view).map((i) => i.region));
    clear(bodyBox,
      h('div', { class: 'seg' },
        (['front', 'back'] as const).map((v) => h('button', { class: `btn ${view === v ? 'on' : ''}`, 'data-view': v, onclick: () => { view = v; picked = null; renderLive(); renderKinds(); } }, t(`body.${v}`)))),
      bodySvg(view, marked, (r) => { picked = r; renderKinds(); }),
    );
    clear(injuriesBox, s.injuries.map((i) => h('div', null, `${time(i.at)} ${tc('region', i.region)} (${t(`body.${i.view}`)}): ${tc('injury', i.kind)}`)));
    clear(vitalsList, s.vitals.slice(-5).reverse().map((v) => h('div', null, `${time(v.at)} `, vitalsText(v))));
    clear(txList, s.treatments.map((x) => h('div', null, `${time(x.at)} ${tc('tx', x.kind)}`)));
    clear(medList, s.medications.map((m) => h('div', null, `${time(m.at)} ${medText(m)}`)));
    clear(notesList, s.notes.map((n) => h('div', null, `${time(n.at)} ${n.author}: ${n.text}`)));
    clear(mistBox, mistTable(s), h('button', { class: 'btn big', id: 'read-aloud', onclick: () => speak(s) }, '▶ ', t('card.readAloud')));
  };
  const renderKinds = (): void => {
    if (!picked) return clear(kindBox);
    const region = picked;
    clear(kindBox,
      h('p', null, t('body.pickKind', { region: tc('region', region) })),
      h('div', { class: 'grid3' },
        (['penetrating', 'gunshot-wound', 'blast', 'burn', 'fracture', 'amputation', 'laceration', 'crush', 'other'] as const).map((k) =>
          h('button', { class: 'btn', 'data-kind': k, onclick: () => { rec('injury', { region, view, kind: k }); picked = null; renderKinds(); } }, tc('injury', k)))));
  };

  // ---- static forms ----
  const vitalsForm = vitalsFormOf(rec, vitalsList);
  const marchForm = marchFormOf(rec, txList);
  const medsForm = medsFormOf(rec, medList);
  const addTq = addTourniquetForm(rec);
  const notesForm = notesFormOf(rec, notesList);

  const applyTriage = (x: Triage): void => rec('triage', { triage: x, supersedes: state ? supersedes(state.triage) : undefined });
  const mistSec = section('card.mist', 'sec-mist', false, mistBox);

  clear(root, tqBox, head, corrBox,
    section('card.tqAdd', 'sec-tq', false, addTq),
    section('card.identity', 'sec-identity', false, identity.el),
    section('card.injuries', 'sec-body', true, bodyBox, kindBox, injuriesBox),
    section('card.vitals', 'sec-vitals', false, vitalsForm),
    section('card.treatments', 'sec-march', false, marchForm),
    section('card.meds', 'sec-meds', false, medsForm),
    section('card.triage', 'sec-triage', false, triageWizard(applyTriage)),
    section('card.notes', 'sec-notes', false, notesForm),
    mistSec, toast);

  const load = async (): Promise<void> => {
    ({ state, rows } = await casualtyState(id));
    renderLive();
  };
  void load();
  getUnits().then((u) => { units = u; if (state) identity.show(state); }).catch(() => undefined);
  const unwatch = watch(id); // pulled on open, on reconnect and periodically: other phones' records appear live
  const off = onChange(() => void load());
  const offTick = runClocks(root);
  return () => {
    off();
    offTick();
    unwatch();
    setDirty('vitals', false);
    setDirty('note', false);
  };
};

// 9-line MEDEVAC composer. Line 1 from GPS, a tap on the map or typed MGRS (validated); lines 1–5 can go first.
import { h, clear, field } from '../dom.ts';
import { t, tc } from '../i18n.ts';
import { errText } from '../ui/refusal.ts';
import type { Key } from '../i18n.ts';
import { casualtyState, record } from '../store.ts';
import { NineLine, mgrsSquareM, normaliseMgrs, placeOfMgrs, PRECEDENCE_LETTER, LINE3, LINE8, SpecialEquipment, Security, Marking, Cbrn } from '../../../src/core/index.ts';
import type { GridPosition, NineLine as NineLineT } from '../../../src/core/index.ts';
import { langTag, mgrs, time } from '../fmt.ts';
import { author } from '../device.ts';
import { draft, setDirty } from '../dirty.ts';
import type { Screen } from '../screen.ts';
import { ts } from '../sync/i18n.ts';
import { supersede } from './nine-draft.ts';

type Counts = Record<string, number>;
/** A 9-line being written: what is typed, counted and chosen, as it stands (MGRS as typed, valid or not). */
interface Draft {
  mgrs: string; freq: string; call: string; suffix: string; markDetail: string; hazards: string; byPrec: Counts; byType: Counts; nat: Counts;
  equip: NineLineT['specialEquipment']; sec: NonNullable<NineLineT['security']>[]; mark: NonNullable<NineLineT['marking']>[]; cbrn: NonNullable<NineLineT['cbrn']>;
  /** The 9-line recorded when this draft was kept (null: none yet): a line changed since is newer than the draft. */
  base?: NineLineT | null;
}

function stepper(label: string, counts: Counts, key: string, onChange: () => void): HTMLElement {
  const out = h('output', { 'data-count': key }, String(counts[key] ?? 0));
  const set = (n: number): void => {
    counts[key] = Math.max(0, Math.min(99, n));
    out.textContent = String(counts[key]);
    onChange();
  };
  return h('div', { class: 'stepper', 'data-stepper': key },
    h('span', null, label),
    h('button', { class: 'btn', 'aria-label': `${label} −`, onclick: () => set((counts[key] ?? 0) - 1) }, '−'),
    out,
    h('button', { class: 'btn', 'aria-label': `${label} +`, 'data-plus': key, onclick: () => set((counts[key] ?? 0) + 1) }, '+'));
}

function toggles<T extends string>(codes: readonly T[], prefix: string, selected: Set<T>, exclusive: T | null, onChange: () => void, multi = true): HTMLElement {
  const box = h('div', { class: 'grid2' });
  const render = (): void => {
    clear(box, codes.map((c) => h('button', {
      class: `btn ${selected.has(c) ? 'on' : ''}`, [`data-${prefix}`]: c,
      onclick: () => {
        if (selected.has(c)) selected.delete(c);
        else {
          if (!multi || c === exclusive) selected.clear();
          if (exclusive && c !== exclusive) selected.delete(exclusive);
          selected.add(c);
        }
        render();
        onChange();
      },
    }, tc(prefix, c))));
  };
  render();
  return box;
}

/** A box with its name above it: a placeholder vanished with the first letter typed, and named nothing to a reader. */
const labelled = (key: Key, input: HTMLElement): HTMLElement => field(t(key), input);

/**
 * Line 1: typed MGRS (checked as typed), a GPS fix or a tap on the map. `text` restores a draft's typed grid as it was
 * (an invalid one stays invalid, said so).
 */
/** "1 km", "100 m" in the reader's words for units. */
const squareText = (m: number): string =>
  new Intl.NumberFormat(langTag(), { style: 'unit', unit: m >= 1000 ? 'kilometer' : 'meter' }).format(m >= 1000 ? m / 1000 : m);

function lineOne(start: GridPosition | null, dirty: () => void, text?: string): { el: HTMLElement; pos(): GridPosition | null; text(): string } {
  let pos = start;
  const mgrsIn = h('input', { id: 'mgrs', class: 'mgrs', autocomplete: 'off', spellcheck: 'false', value: text ?? (pos ? mgrs(pos) : ''), placeholder: t('nine.mgrsExample'), 'aria-label': t('nine.l1') });
  const mgrsMsg = h('p', { class: 'muted', id: 'mgrs-msg' });
  const setPos = (p: GridPosition): void => {
    pos = p;
    mgrsIn.value = mgrs(p);
    mgrsMsg.textContent = `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`;
    mgrsIn.classList.remove('invalid');
    dirty();
  };
  const read = (): void => {
    const n = normaliseMgrs(mgrsIn.value);
    try {
      if (!n) throw new Error('not MGRS');
      // The square typed is kept: "37U DP 12 34" is a 1 km square, never shown again as a 1 m grid at its centre.
      const square = mgrsSquareM(n)!;
      const p = placeOfMgrs(n);
      pos = p;
      mgrsIn.classList.remove('invalid');
      mgrsMsg.textContent = `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}${square > 1 ? ` · ${t('nine.square', { size: squareText(square) })}` : ''}`;
    } catch {
      pos = null;
      mgrsIn.classList.add('invalid');
      mgrsMsg.textContent = t('nine.mgrsInvalid');
    }
  };
  mgrsIn.addEventListener('input', () => {
    read();
    dirty();
  });
  if (text !== undefined) read();
  const gps = (): void => {
    if (!navigator.geolocation) return void (mgrsMsg.textContent = t('nine.gpsError', { msg: '—' }));
    navigator.geolocation.getCurrentPosition(
      (g) => {
        setPos({ lat: g.coords.latitude, lon: g.coords.longitude });
        // A fresh fix only (maximumAge 0), and how fresh and how precise it is, for line 1.
        mgrsMsg.textContent += ` · ${ts('gps.fix', { acc: Math.round(g.coords.accuracy), age: Math.max(0, Math.round((Date.now() - g.timestamp) / 1000)) })}`;
      },
      (e) => (mgrsMsg.textContent = t('nine.gpsError', { msg: e.message })),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 0 },
    );
  };
  const mapBox = h('div', { class: 'pickmap', hidden: true });
  const pickOnMap = async (): Promise<void> => {
    mapBox.hidden = false;
    clear(mapBox, h('p', { class: 'muted' }, t('map.loading')));
    try {
      const { pickPosition } = await import('../map/map.ts');
      const p = await pickPosition(mapBox, pos);
      setPos(p);
    } catch (e) {
      clear(mapBox, h('p', { class: 'error' }, t('map.unavailable', { msg: e instanceof Error ? e.message : String(e) })));
      return;
    }
    mapBox.hidden = true;
    clear(mapBox);
  };

  const el = h('fieldset', null, h('legend', null, t('nine.l1')), mgrsIn, mgrsMsg,
    h('div', { class: 'grid2' },
      // Words only: ⌖ and 🗺 came out as empty boxes on a phone without those glyphs (a medic's review, session 48).
      h('button', { class: 'btn big', id: 'gps', onclick: gps }, t('nine.gps')),
      h('button', { class: 'btn big', id: 'map-pick', onclick: () => void pickOnMap() }, t('nine.mapPick'))),
    mapBox);
  return { el, pos: () => pos, text: () => mgrsIn.value };
}

export const nineLineComposer: Screen = (root, params) => {
  const id = params[0]!;
  const err = h('p', { class: 'error', role: 'alert', id: 'nine-error' });
  // Any change clears the last complaint: a stale "fill line 1" under a corrected form only confuses.
  let save = (): void => undefined;
  const dirty = (): void => {
    setDirty('nineline', true);
    err.textContent = '';
    save();
  };
  void (async () => {
    const { state } = await casualtyState(id);
    const prev = state.evac.nineLine;
    // A half-typed 9-line is kept sealed like the card's drafts: leaving the screen or a reload loses nothing.
    const kept = draft<Draft>(`nine.${id}`, 'nineline');
    // Another medic's or the dispatcher's 9-line recorded after the draft: the lines it changed show it, not the draft.
    const { draft: k, lines: superseded } = kept.kept ? supersede<Partial<Draft>>(kept.kept, kept.kept.base, prev) : { draft: null, lines: [] };
    const l1 = lineOne(prev?.location ?? state.position ?? null, dirty, k?.mgrs);
    const freq = h('input', { value: k?.freq ?? prev?.frequency ?? '', id: 'nine-freq', oninput: dirty });
    const call = h('input', { value: k?.call ?? prev?.callSign ?? author(), id: 'callsign', oninput: dirty });
    const suffix = h('input', { value: k?.suffix ?? prev?.suffix ?? '', id: 'nine-suffix', oninput: dirty });
    const byPrec: Counts = { ...(k?.byPrec ?? prev?.patientsByPrecedence ?? { A: 0, B: 0, C: 0, D: 0, E: 0 }) };
    if (!k && !prev && state.precedence.value) byPrec[PRECEDENCE_LETTER[state.precedence.value]] = 1;
    const byType: Counts = { ...(k?.byType ?? prev?.patientsByType ?? { L: 1, A: 0 }) };
    const equip = new Set(k?.equip ?? prev?.specialEquipment ?? (['A'] as const));
    const sec = new Set(k?.sec ?? (prev?.security ? [prev.security] : []));
    const mark = new Set(k?.mark ?? (prev?.marking ? [prev.marking] : []));
    const markDetail = h('input', { value: k?.markDetail ?? prev?.markingDetail ?? '', oninput: dirty });
    const nat: Counts = { ...(k?.nat ?? prev?.nationality ?? { A: 0, B: 0, C: 0, D: 0, E: 0 }) };
    const cbrn = new Set(k?.cbrn ?? prev?.cbrn ?? []);
    const hazards = h('textarea', { rows: 2, oninput: dirty }, k?.hazards ?? prev?.hazards ?? '');
    save = () => kept.keep({ base: prev, mgrs: l1.text(), freq: freq.value, call: call.value, suffix: suffix.value, markDetail: markDetail.value, hazards: hazards.value,
      byPrec, byType, nat, equip: [...equip], sec: [...sec], mark: [...mark], cbrn: [...cbrn] });
    const precKeys: Record<string, Key> = { A: 'prec.urgent', B: 'prec.urgent-surgical', C: 'prec.priority', D: 'prec.routine', E: 'prec.convenience' };

    const build = (all: boolean): unknown => {
      const base = {
        location: l1.pos() ?? undefined,
        frequency: freq.value.trim() || undefined,
        callSign: call.value.trim(),
        suffix: suffix.value.trim() || undefined,
        patientsByPrecedence: byPrec,
        specialEquipment: [...equip],
        patientsByType: byType,
      };
      if (!all) return base;
      return {
        ...base,
        security: [...sec][0],
        marking: [...mark][0],
        markingDetail: markDetail.value.trim() || undefined,
        nationality: Object.values(nat).some((n) => n > 0) ? nat : undefined,
        cbrn: cbrn.size ? [...cbrn] : undefined,
        hazards: hazards.value.trim() || undefined,
      };
    };
    const send = async (all: boolean): Promise<void> => {
      err.textContent = '';
      const parsed = NineLine.safeParse(build(all));
      if (!parsed.success) {
        // Name the lines to fix in the user's language, not the schema's field names.
        const LINE: Record<string, Key> = { location: 'nine.l1', frequency: 'nine.freq', callSign: 'nine.callSign', suffix: 'nine.suffix', patientsByPrecedence: 'nine.l3',
          specialEquipment: 'nine.l4', patientsByType: 'nine.l5', security: 'nine.l6', marking: 'nine.l7', nationality: 'nine.l8', cbrn: 'nine.l9', hazards: 'nine.l9' };
        const lines = [...new Set(parsed.error.issues.map((i) => { const k = LINE[String(i.path[0])]; return k ? t(k) : i.path.join('.'); }))];
        err.textContent = t('nine.missing', { lines: lines.join('; ') });
        err.scrollIntoView?.({ block: 'center' });
        return;
      }
      try {
        if (prev) await record(id, 'evac.updated', { nineLine: parsed.data });
        else await record(id, 'evac.requested', { nineLine: parsed.data });
        kept.keep(null);
        setDirty('nineline', false);
        location.hash = `#/c/${id}`;
      } catch (e) {
        err.textContent = errText(e);
      }
    };

    clear(root,
      h('div', { class: 'row' }, h('a', { class: 'btn', href: `#/c/${id}` }, '← ', t('common.back')), h('h2', null, t('nine.title'))),
      prev ? h('p', { class: 'muted' }, t('nine.requested', { time: time(state.evac.requestedAt, { zoned: true }) })) : null,
      superseded.length ? h('p', { class: 'badge warn', role: 'status', id: 'nine-superseded' }, '⚠ ', t('nine.superseded', { lines: superseded.map((n) => t(`nine.l${n}` as Key)).join('; ') })) : null,
      l1.el,
      h('fieldset', null, h('legend', null, t('nine.l2')), h('div', { class: 'grid3' }, labelled('nine.freq', freq), labelled('nine.callSign', call), labelled('nine.suffix', suffix))),
      h('fieldset', null, h('legend', null, t('nine.l3')), LINE3.slice(0, 4).map((k) => stepper(`${k} ${t(precKeys[k]!)}`, byPrec, k, dirty))),
      h('fieldset', null, h('legend', null, t('nine.l4')), toggles(SpecialEquipment.options, 'equip', equip, 'A', dirty)),
      h('fieldset', null, h('legend', null, t('nine.l5')), stepper(t('nine.litter'), byType, 'L', dirty), stepper(t('nine.ambulatory'), byType, 'A', dirty)),
      h('button', { class: 'btn huge primary', id: 'send-15', onclick: () => void send(false) }, prev ? t('nine.sendUpdate') : t('nine.send15')),
      err,
      h('fieldset', null, h('legend', null, t('nine.l6')), toggles(Security.options, 'sec', sec, null, dirty, false)),
      h('fieldset', null, h('legend', null, t('nine.l7')), toggles(Marking.options, 'mark', mark, null, dirty, false), labelled('nine.markingDetail', markDetail)),
      h('fieldset', null, h('legend', null, t('nine.l8')), LINE8.map((k) => stepper(tc('nat', k), nat, k, dirty))),
      h('fieldset', null, h('legend', null, t('nine.l9')), toggles(Cbrn.options, 'cbrn', cbrn, null, dirty), labelled('nine.hazards', hazards)),
      h('button', { class: 'btn huge primary', id: 'send-all', onclick: () => void send(true) }, t('nine.sendAll')),
    );
  })();
  return () => setDirty('nineline', false);
};

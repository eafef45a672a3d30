// The casualty list for dispatchers, facility staff and commanders: every casualty this user may see, searchable
// and filtered by stage, precedence, unit, facility and time of injury. Live: the same store as the console.
import { h, clear } from '../dom.ts';
import { getLang, tc } from '../i18n.ts';
import { OPEN_STAGES, Precedence, effectivePrecedence, precedenceRank } from '../../../src/core/index.ts';
import type { CasualtySummary } from '../api.ts';
import { STAGES } from '../../../src/core/api.ts';
import { casualtyName, dur, minutesSince, time, zoneNote } from '../fmt.ts';
import { runClocks } from '../tick.ts';
import { liveStore } from '../live/store.ts';
import { table } from '../ui/table.ts';
import { lt } from './i18n.ts';
import type { Screen } from '../screen.ts';
import { refusalSaid } from '../ui/refusal.ts';
import { steadyRender } from '../ui/steady.ts';

const HOURS = [1, 6, 24, 72] as const;

export const casualtyList: Screen = (root) => {
  const store = liveStore({ limit: 1000 });
  const search = h('input', { id: 'list-search', type: 'search', placeholder: lt('list.search'), 'aria-label': lt('list.search'), oninput: () => render() });
  const sel = (id: string, label: string, options: [string, string][]): HTMLSelectElement => {
    const s = h('select', { id, 'aria-label': label, onchange: () => render() }, options.map(([v, l]) => h('option', { value: v }, l)));
    return s;
  };
  const stage = sel('list-stage', lt('list.stage'), [['open', lt('list.open')], ['', lt('list.any')], ...[...OPEN_STAGES, 'closed'].map((s): [string, string] => [s, tc('stage', s)])]);
  const prec = sel('list-prec', lt('list.precedence'), [['', lt('list.any')], ...Precedence.options.map((p): [string, string] => [p, tc('prec', p)])]);
  const unit = sel('list-unit', lt('list.unit'), [['', lt('list.any')]]);
  const facility = sel('list-facility', lt('list.facility'), [['', lt('list.any')]]);
  const since = sel('list-since', lt('list.since'), [['', lt('list.any')], ...HOURS.map((n): [string, string] => [String(n), lt.n('list.hours', n)])]);
  const count = h('p', { class: 'muted', id: 'list-count', 'aria-live': 'polite' });
  const precOf = (c: CasualtySummary) => effectivePrecedence(c.precedence, c.state.evac.nineLine);
  const list = table<CasualtySummary>({
    id: 'casualty-table',
    className: 'casualties',
    stack: true,
    empty: lt('list.none'),
    rowAttrs: (c) => ({ class: `prec-${precOf(c) ?? 'none'}`, 'data-row': c.id }),
    columns: [
      { key: 'who', label: lt('col.who'), sort: (c) => casualtyName(c.state.identity, c.id),
        cell: (c) => h('a', { href: `#/c/${c.id}/timeline`, class: 'cid' }, casualtyName(c.state.identity, c.id)) },
      { key: 'prec', label: lt('col.prec'), sort: (c) => { const p = precOf(c); return p ? precedenceRank(p) : null; }, cell: (c) => { const p = precOf(c); return p ? tc('prec', p) : '—'; } },
      { key: 'stage', label: lt('col.stage'), sort: (c) => STAGES.indexOf(c.stage), cell: (c) => tc('stage', c.stage) },
      { key: 'unit', label: lt('col.unit'), sort: (c) => uName(c.unitId ?? c.state.identity.unitId, null), cell: (c) => uName(c.unitId ?? c.state.identity.unitId) },
      { key: 'facility', label: lt('col.facility'), sort: (c) => fName(c.facilityId ?? c.destinationId, null), cell: (c) => fName(c.facilityId ?? c.destinationId) },
      { key: 'injured', label: lt('col.injured'), sort: (c) => c.injuredAt,
        cell: (c) => [time(c.injuredAt), ' · ', h('span', { 'data-since': c.injuredAt ?? '' }, dur(minutesSince(c.injuredAt)))] },
      // Longest-running tourniquet first when sorted down: the limb most at risk.
      { key: 'tq', label: lt('col.tq'), sort: (c) => { const m = c.state.tourniquets.filter((q) => q.running).map((q) => q.minutes); return m.length ? Math.max(...m) : null; },
        cell: (c) => c.state.tourniquets.filter((q) => q.running).map((q) => h('div', { class: `tq small alarm-${q.alarm}` }, `${tc('limb', q.limb)} `, h('span', { 'data-since': q.appliedAt }, dur(q.minutes)))) },
    ],
  }, getLang);
  const labelled = (label: string, control: HTMLElement): HTMLElement => h('label', { class: 'field' }, h('span', null, label), control);
  clear(root,
    h('h2', null, lt('list.title')),
    zoneNote(),
    h('div', { class: 'filters' }, labelled(lt('list.search'), search), labelled(lt('list.stage'), stage), labelled(lt('list.precedence'), prec),
      labelled(lt('list.unit'), unit), labelled(lt('list.facility'), facility), labelled(lt('list.since'), since)),
    count, list.el);

  const refill = (s: HTMLSelectElement, items: { id: string; name?: string | undefined }[]): void => {
    const v = s.value;
    s.replaceChildren(h('option', { value: '' }, lt('list.any')), ...items.map((x) => h('option', { value: x.id }, x.name ?? x.id)));
    s.value = v;
  };
  const fName = (id: string | null, none: string | null = '—'): string | null => (id ? (store.entities.facility.get(id)?.name ?? id) : none);
  const uName = (id: string | null | undefined, none: string | null = '—'): string | null => (id ? (store.entities.unit.get(id)?.name ?? id) : none);

  const matches = (c: CasualtySummary): boolean => {
    const q = search.value.trim().toLowerCase();
    const who = `${c.state.identity.battleRoster ?? ''} ${c.state.identity.name ?? ''} ${c.id}`.toLowerCase();
    const p = effectivePrecedence(c.precedence, c.state.evac.nineLine);
    const unitId = c.unitId ?? c.state.identity.unitId ?? null;
    return (!q || who.includes(q)) &&
      (stage.value === '' || (stage.value === 'open' ? c.stage !== 'closed' : c.stage === stage.value)) &&
      (!prec.value || p === prec.value) &&
      (!unit.value || unitId === unit.value) &&
      (!facility.value || c.destinationId === facility.value || c.facilityId === facility.value || c.state.chain.some((x) => x.facilityId === facility.value)) &&
      (!since.value || (c.injuredAt !== null && minutesSince(c.injuredAt) <= Number(since.value) * 60));
  };

  function render(): void {
    refill(unit, [...store.entities.unit.values()]);
    refill(facility, [...store.entities.facility.values()]);
    const rows = [...store.casualties.values()].filter(matches).sort((a, b) => {
      const pa = effectivePrecedence(a.precedence, a.state.evac.nineLine);
      const pb = effectivePrecedence(b.precedence, b.state.evac.nineLine);
      return (pa ? precedenceRank(pa) : 9) - (pb ? precedenceRank(pb) : 9) || (a.injuredAt ?? '').localeCompare(b.injuredAt ?? '');
    });
    count.textContent = lt.n('list.count', rows.length);
    list.render(rows);
  }
  // A live update rebuilds the rows and refills the unit and facility choices: held under a click on a casualty and
  // while one of those two is open (typing a search, or the other choices, hold nothing: the render leaves them be).
  const steady = steadyRender(root, render, { fields: false, selects: '#list-unit, #list-facility' });
  const off = store.subscribe(steady.render);
  store.ready.catch((e: unknown) => clear(list.el, h('p', { class: 'error' }, refusalSaid(e))));
  const offTick = runClocks(root);
  return () => {
    steady.stop();
    off();
    offTick();
    store.dispose();
  };
};

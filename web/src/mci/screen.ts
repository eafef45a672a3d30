// Rapid triage at a mass-casualty incident (issue 15). `#/mci`: declare an incident here in one tap (its kind), or
// join an open one. `#/mci/<id>`: each casualty in at most three taps — optional life-saving interventions, then one
// tap on the category records the casualty (registered at the GPS fix or the incident's place, linked to the
// incident with its tag number, triaged; the dead also killed in action, once asked). The counter by category sits
// right under the categories, in the flow: on screen whenever they are, and never over them (a bar fixed at the
// bottom covered their first row at 360 × 740, and taps there recorded nothing).
// Everything goes to the outbox first: it works offline and syncs like any casualty (SYNC-18, SYNC-19).
import { h, clear } from '../dom.ts';
import { record, onChange, mergeEvents } from '../store.ts';
import { api, currentUser, hasToken } from '../api.ts';
import { categoryOf, fromMgrs, IncidentKind, INCIDENT_CATEGORIES, newTagKey, normaliseTag, tagCasualtyId, uuidv7 } from '../../../src/core/index.ts';
import type { IncidentCategory, IncidentKind as Kind, Limb, Position, StoredEvent } from '../../../src/core/index.ts';
import { dur, mgrs, minutesSince, nowIso, shortId } from '../fmt.ts';
import { runClocks } from '../tick.ts';
import type { Screen } from '../screen.ts';
import { mt } from './i18n.ts';
import './mci.css';
import { localIncidents } from './data.ts';
import type { LocalIncident } from './data.ts';
import { refusalSaid } from '../ui/refusal.ts';
import { steadyLoad } from '../ui/steady.ts';
import { askIn } from '../ui/ask.ts';

type Lsi = `tq-${'right-arm' | 'left-arm' | 'right-leg' | 'left-leg'}` | 'airway' | 'decompression' | 'autoinjector';
const LSIS: Lsi[] = ['tq-right-arm', 'tq-left-arm', 'tq-right-leg', 'tq-left-leg', 'airway', 'decompression', 'autoinjector'];

/** The last GPS fix while an incident screen is open (null until the phone has one). */
function watchFix(onFix: (p: Position) => void): () => void {
  if (!navigator.geolocation) return () => undefined;
  const w = navigator.geolocation.watchPosition((p) => onFix({ lat: p.coords.latitude, lon: p.coords.longitude }), () => undefined, { enableHighAccuracy: true, maximumAge: 30_000 });
  return () => navigator.geolocation.clearWatch(w);
}

export const mciScreen: Screen = (root, params) => (params[0] ? triageScreen(root, params[0]) : declareScreen(root));

function declareScreen(root: HTMLElement): () => void {
  let fix: Position | null = null;
  const msg = h('p', { class: 'muted', id: 'mci-place-msg', 'aria-live': 'polite' });
  const place = h('input', { id: 'mci-mgrs', name: 'mgrs', autocomplete: 'off', 'aria-label': mt('mci.place'), placeholder: '37U DP 12000 74000' });
  const joinList = h('div', { class: 'list', id: 'mci-join' });
  const declare = async (kind: Kind): Promise<void> => {
    let position = fix;
    if (!position && place.value.trim()) {
      try {
        position = fromMgrs(place.value);
      } catch {
        position = null;
      }
    }
    if (!position) return void (msg.textContent = mt('mci.noPlace'));
    const id = uuidv7();
    const unitId = currentUser()?.units?.[0];
    // The tag key makes its tags' casualty ids known only to phones that hold the incident (SYNC-19).
    await record(id, 'incident.declared', { kind, position, radiusM: 200, hazards: [], tagKey: newTagKey(), ...(unitId ? { unitId } : {}) });
    location.hash = `#/mci/${id}`;
  };
  clear(root,
    h('h2', null, mt('mci.title')),
    h('p', null, mt('mci.declare')),
    h('div', { class: 'grid2' }, IncidentKind.options.map((k) =>
      h('button', { class: 'btn big', 'data-kind': k, onclick: () => void declare(k) }, mt(`mci.kind.${k}`)))),
    h('label', { class: 'field' }, mt('mci.place'), place),
    msg,
    h('h2', null, mt('mci.join')),
    joinList);
  // Incidents on the server in this medic's scope join the phone's own (their logs also arrive with every pull).
  const fetchServer = async (): Promise<void> => {
    if (!hasToken() || !navigator.onLine) return;
    const r = await api<{ incidents: { incident: { id: string } }[] }>('/api/incidents').catch(() => null);
    for (const x of r?.incidents ?? []) {
      const one = await api<{ events: StoredEvent[] }>(`/api/incidents/${x.incident.id}`).catch(() => null);
      if (one) await mergeEvents(one.events);
    }
  };
  const paintJoin = (open: LocalIncident[]): void => {
    if (!open.length) return clear(joinList, h('p', { class: 'muted' }, mt('mci.none')));
    clear(joinList, open.map((x) => h('a', { class: 'item btn', href: `#/mci/${x.incident.id}`, 'data-join': x.incident.id },
      h('strong', null, incidentName(x)), ' · ', mt('mci.total', { n: x.casualties.length }))));
  };
  // Incidents arrive as the pull runs: a tap on one to join is held for, not lost under a list rebuilt.
  const live = steadyLoad(root, async () => (await localIncidents()).filter((x) => x.incident.status === 'open'), paintJoin, { fields: false });
  void fetchServer().then(live.load);
  const off = onChange(live.load);
  const stop = watchFix((p) => {
    fix = p;
    msg.textContent = mgrs(p);
  });
  return () => {
    live.stop();
    off();
    stop();
  };
}

const incidentName = (x: Pick<LocalIncident, 'incident'>): string =>
  `${x.incident.name ?? (x.incident.kind ? mt(`mci.kind.${x.incident.kind}`) : '')} ${shortId(x.incident.id)}`.trim();

function counter(x: LocalIncident | undefined): HTMLElement {
  const by = x?.picture.byCategory;
  return h('div', { class: 'mci-counter', id: 'mci-counter', role: 'status', 'aria-live': 'polite' },
    INCIDENT_CATEGORIES.map((c) => h('span', { class: `mci-count cat-${c}`, 'data-count': c }, h('b', null, String(by?.[c] ?? 0)), ' ', mt(`mci.cat.${c}`))),
    h('span', { class: 'mci-count', 'data-count': 'total' }, mt('mci.total', { n: x?.casualties.length ?? 0 })),
    x?.picture.counts.conflicts ? h('span', { class: 'mci-count warn', 'data-count': 'conflicts' }, mt('mci.conflicts', { n: x.picture.counts.conflicts })) : null);
}

function nineLineBox(x: LocalIncident | undefined): HTMLElement {
  const nl = x?.picture.nineLine;
  const p = nl?.patientsByPrecedence;
  return h('p', { class: 'muted', id: 'mci-nineline' }, mt('mci.nineLine'), ': ',
    nl && p ? `${mt('mci.line3')} A ${p.A} · B ${p.B} · C ${p.C} · D ${p.D} — ${mt('mci.line5')} L ${nl.patientsByType.L} · A ${nl.patientsByType.A}` : '—');
}

async function recordCasualty(incident: LocalIncident['incident'], cat: IncidentCategory, tag: string, lsi: Set<Lsi>, fix: Position | null, revive = false): Promise<string> {
  const id = tag ? tagCasualtyId(incident, tag) : uuidv7();
  const now = nowIso();
  const unitId = incident.unitId ?? currentUser()?.units?.[0];
  const position = fix ?? incident.position;
  // The same registration and link from two phones are two events of one casualty: the fold keeps one state.
  await record(id, 'registered', { injuredAt: now, sex: 'unknown', status: 'military', ...(position ? { position } : {}), ...(unitId ? { unitId } : {}) }, now);
  await record(id, 'incident.linked', { incidentId: incident.id, ...(tag ? { tag } : {}) }, now);
  for (const x of LSIS.filter((l) => lsi.has(l))) {
    if (x.startsWith('tq-')) await record(id, 'tourniquet.applied', { limb: x.slice(3) as Limb, tqType: 'CAT' }, now);
    else if (x === 'airway') await record(id, 'treatment', { group: 'A', kind: 'npa' }, now);
    else if (x === 'decompression') await record(id, 'treatment', { group: 'R', kind: 'needle-decompression' }, now);
    else await record(id, 'medication', { name: 'auto-injector', dose: 1, unit: 'ml', route: 'IM', class: 'other' }, now);
  }
  await record(id, 'triage', { triage: { system: 'SALT', category: cat } }, now);
  // Read after the writes queued before it: what this phone now holds of the casualty.
  const held = async () => (await localIncidents()).find((x) => x.incident.id === incident.id)?.casualties.find((y) => y.id === id);
  // Dead at the scene is an outcome the medic records (SYNC-10): the count accounting compares claims with. Once
  // (a tag already dead recorded dead again adds no second outcome, which a later change would have to void too).
  if (cat === 'dead' && (await held())?.outcome?.outcome !== 'killed-in-action') await record(id, 'outcome', { outcome: 'killed-in-action' }, now);
  // A tag recorded dead and changed on purpose to a living category: its killed-in-action records are voided, or the
  // change asked for would not show (the outcome outranks the category). The first outcome recorded stands, so each
  // void may bring up another (two medics tagged it dead): voided until none is left (a bound, not a loop forever).
  for (let n = 0; revive && cat !== 'dead' && n < 8; n++) {
    const c = await held();
    const kia = c?.outcome?.outcome === 'killed-in-action' ? c.chain.find((s) => s.kind === 'outcome') : undefined;
    if (!kia) break;
    await record(id, 'void', { target: kia.eventId, reason: mt('mci.revived', { cat: mt(`mci.cat.${cat}`) }) });
  }
  return id;
}

/** What this phone knows of a tag's casualty: its category and when it was set (null: a tag not seen yet here). */
type Known = { cat: IncidentCategory | 'untriaged'; at: string };
function knownTag(x: LocalIncident | undefined, tapped: Map<string, Known>, id: string): Known | null {
  const c = x?.casualties.find((y) => y.id === id);
  const there: Known | null = c ? { cat: categoryOf(c), at: c.triage.history.at(-1)?.at ?? c.injuredAt ?? nowIso() } : null;
  const here = tapped.get(id) ?? null;
  return here && (!there || here.at >= there.at) ? here : there;
}

function triageScreen(root: HTMLElement, incidentId: string): () => void {
  let fix: Position | null = null;
  let current: LocalIncident | undefined;
  const lsi = new Set<Lsi>();
  // The casualties tapped on this phone by tag, as tapped (the list read back from the outbox may be a record behind).
  const tapped = new Map<string, Known>();
  let queue: Promise<void> = Promise.resolve();
  const head = h('div', { class: 'mci-head' });
  const count = h('div', { class: 'mci-tally' });
  const nine = h('div');
  const last = h('p', { class: 'muted', id: 'mci-last', 'aria-live': 'polite' });
  const closed = h('div');
  const list = h('div', { class: 'list', id: 'mci-list' });
  const tag = h('input', { id: 'mci-tag', name: 'tag', autocomplete: 'off', inputmode: 'text', 'aria-label': mt('mci.tag'), placeholder: mt('mci.tag') });
  const chips = LSIS.map((l) => h('button', { class: 'btn small', 'data-lsi': l, 'aria-pressed': 'false', onclick: () => {
    if (lsi.has(l)) lsi.delete(l);
    else lsi.add(l);
    syncChips();
  } }, mt(`mci.lsi.${l}`)));
  const syncChips = (): void => chips.forEach((c) => {
    const on = lsi.has(c.dataset.lsi as Lsi);
    c.classList.toggle('on', on);
    c.setAttribute('aria-pressed', String(on));
  });
  const isCleared = (): boolean => current?.incident.status === 'cleared';
  // A tap takes the tag and the chips as they are at that moment and clears them at once, so the next casualty can be
  // started while this one is still being written; writes are queued in tap order, never dropped.
  const go = (cat: IncidentCategory, t: string, revive = false): void => {
    if (!current || isCleared()) return;
    const incident = current.incident;
    const chosen = new Set(lsi);
    if (t) tapped.set(tagCasualtyId(incident, t), { cat, at: nowIso() });
    tag.value = '';
    lsi.clear();
    syncChips();
    queue = queue.then(async () => {
      await recordCasualty(incident, cat, t, chosen, fix, revive);
      last.textContent = mt('mci.last', { cat: mt(`mci.cat.${cat}`), tag: t ? `#${normaliseTag(t)}` : '' });
    }).catch((e: unknown) => {
      last.textContent = refusalSaid(e);
    });
  };
  // The questions open where the categories were (under the finger): Dead ends the care a casualty gets, and a tag
  // typed again is a casualty already triaged (a slip of the keyboard re-triaged them in silence). Keep keeps the tag
  // and the chips, to correct.
  const cats = h('div', { class: 'mci-cats' }, INCIDENT_CATEGORIES.map((c) =>
    h('button', { class: `btn big mci-cat cat-${c}`, 'data-cat': c, onclick: () => tap(c) }, mt(`mci.cat.${c}`))));
  const catBox = h('div', { class: 'mci-ask' }, cats);
  const back = (): void => clear(catBox, cats);
  const tap = (cat: IncidentCategory): void => {
    if (!current || isCleared()) return;
    const t = tag.value.trim();
    const was = t ? knownTag(current, tapped, tagCasualtyId(current.incident, t)) : null;
    const name = (c: IncidentCategory | 'untriaged'): string => mt(`mci.cat.${c}`);
    if (was) {
      const words = { tag: normaliseTag(t), was: name(was.cat), cat: name(cat), ago: '\u0000' };
      // "recorded 2 min 05 s ago", running while the question is open (the one clock format: fmt.ts dur).
      const [before, after] = mt(was.cat === cat ? 'mci.retagSame' : 'mci.retagAsk', words).split('\u0000');
      const question = [before ?? '', h('span', { 'data-since': was.at }, dur(minutesSince(was.at))), after ?? ''];
      return askIn(catBox, { id: 'mci-retag', question,
        keep: mt('mci.retagKeep', words), yes: mt(was.cat === cat ? 'mci.retagAgain' : 'mci.retagYes', words), yesClass: `mci-cat cat-${cat}`,
        onKeep: () => { back(); tag.focus(); tag.select(); }, onYes: () => { back(); go(cat, t, was.cat === 'dead'); } });
    }
    if (cat === 'dead') {
      return askIn(catBox, { id: 'mci-dead', question: mt('mci.deadAsk'), keep: mt('mci.cancel'), yes: mt('mci.deadYes'), yesClass: 'mci-cat cat-dead',
        onKeep: back, onYes: () => { back(); go(cat, t); } });
    }
    go(cat, t);
  };
  const clearBox = h('div', { class: 'mci-ask' });
  const clearBtn = h('button', { class: 'btn', id: 'mci-clear', onclick: () => askIn(clearBox, { id: 'mci-end', question: mt('mci.clearAsk'),
    keep: mt('mci.clearKeep'), yes: mt('mci.cleared'), onKeep: () => clear(clearBox, clearBtn),
    onYes: () => void record(incidentId, 'incident.cleared', {}).then(live.load) }) }, mt('mci.clear'));
  clear(clearBox, clearBtn);
  clear(root, h('a', { class: 'btn small', href: '#/field' }, '← ', mt('mci.back')), head, closed,
    h('label', { class: 'field' }, mt('mci.tag'), tag),
    h('p', { class: 'muted' }, mt('mci.lsi')), h('div', { class: 'mci-lsi' }, chips),
    h('p', { class: 'muted' }, mt('mci.category')), catBox, count, last, nine,
    h('h2', null, mt('mci.recorded')), list, clearBox);
  const paint = (): void => {
    const done = isCleared();
    clear(head, h('h2', { id: 'mci-name' }, current ? incidentName(current) : shortId(incidentId)),
      done ? h('span', { class: 'chip warn' }, mt('mci.cleared')) : null,
      h('span', { class: 'muted' }, ' ', mgrs(current?.incident.position)));
    // A cleared incident takes no new casualty here, and says so where the categories were.
    clear(closed, done ? h('p', { class: 'mci-closed', id: 'mci-cleared-note', role: 'status' }, mt('mci.clearedNote')) : null);
    for (const b of [tag, ...chips, ...cats.querySelectorAll('button')]) b.disabled = done;
    if (done && !catBox.contains(cats)) back();
    if (done) clearBox.replaceChildren();
    clear(count, counter(current));
    clear(nine, nineLineBox(current));
    clear(list, (current?.casualties ?? []).slice(0, 50).map(casualtyRow));
  };
  // The list of casualties is rebuilt with every record (thirty in minutes): a tap on one is held for, not lost.
  // The incident is taken as soon as it is read (a tap takes it from there, held paint or not); the list waits.
  const live = steadyLoad(root, async () => void (current = (await localIncidents()).find((x) => x.incident.id === incidentId)), paint, { fields: false });
  live.load();
  const off = onChange(live.load);
  const offTick = runClocks(root);
  const stop = watchFix((p) => (fix = p));
  return () => {
    live.stop();
    off();
    offTick();
    stop();
  };
}

function casualtyRow(c: LocalIncident['casualties'][number]): HTMLElement {
  const cat = mt(`mci.cat.${categoryOf(c)}`);
  return h('a', { class: 'item', href: `#/c/${c.id}`, 'data-casualty': c.id },
    h('div', { class: 'row' }, h('strong', null, c.incident?.tag ? `#${c.incident.tag}` : shortId(c.id)), h('span', { class: 'badge' }, cat),
      c.triage.conflict ? h('span', { class: 'chip warn', 'data-conflict': c.id }, mt('mci.conflict')) : null,
      c.pending ? h('span', { class: 'muted' }, '↑') : null),
    c.tourniquets.filter((q) => q.running).map((q) => h('div', { class: `tq alarm-${q.alarm}` }, (LSIS as string[]).includes(`tq-${q.limb}`) ? mt(`mci.lsi.tq-${q.limb as 'left-arm'}`) : q.limb, ' ', h('span', { 'data-since': q.appliedAt }, dur(q.minutes)))));
}

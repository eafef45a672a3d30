// Tourniquet alarms (1 h, 2 h, 6 h) and reassessment reminders: sound (WebAudio), vibration and a banner that stays
// until acknowledged. Each alarm fires once per tourniquet and level; acknowledgements survive a reload.
import { TOURNIQUET_ALARMS_MIN } from '../../src/core/index.ts';
import { localCasualties, onChange } from './store.ts';
import { soundOn } from './device.ts';
import { t, tc } from './i18n.ts';
import { casualtyName, dur } from './fmt.ts';
import { h, clear } from './dom.ts';
import { steadyRender } from './ui/steady.ts';
import { locked, onVault, secret, setSecret } from './vault/vault.ts';
import { tv } from './vault/i18n.ts';
import { serverNow } from './sync/clock.ts';
import { currentUser } from './api.ts';

/**
 * Roles whose device rings no casualty's alarms: they care for no one at the bedside. A dispatcher's console holds
 * every casualty of the burst, and each overdue reassessment and tourniquet rang and stacked a red banner over it (11
 * within 12 s of a burst, pushing the board down under the cursor); the board shows each tourniquet's clock anyway.
 * A phone used signed out, a medic, facility staff and an administrator are rung.
 */
const NOT_AT_THE_BEDSIDE: ReadonlySet<string> = new Set(['dispatcher', 'commander', 'analyst', 'editor', 'personnel', 'peer']);
const rings = (): boolean => { const r = currentUser()?.role; return !r || !NOT_AT_THE_BEDSIDE.has(r); };

let ctx: AudioContext | null = null;

/** Browsers start audio only after a user gesture: call this from a tap. */
export function unlockAudio(): void {
  try {
    ctx ??= new AudioContext();
    if (ctx.state === 'suspended') void ctx.resume();
  } catch {
    ctx = null;
  }
}

export function beep(times = 3): void {
  try {
    if (navigator.vibrate) navigator.vibrate([400, 200, 400, 200, 400]);
  } catch {
    /* no vibration motor */
  }
  if (!soundOn()) return;
  try {
    ctx ??= new AudioContext();
    const c = ctx;
    for (let i = 0; i < times; i++) {
      const o = c.createOscillator();
      const g = c.createGain();
      o.type = 'square';
      o.frequency.value = i % 2 ? 660 : 880;
      g.gain.value = 0.2;
      o.connect(g).connect(c.destination);
      const start = c.currentTime + i * 0.45;
      o.start(start);
      o.stop(start + 0.3);
    }
  } catch {
    /* audio unavailable */
  }
}

// Acknowledgements are sealed (their keys name tourniquets and casualties). What a locked phone needs to ring on time
// is kept in the clear: only the due times, under hashed keys (issue 17: alarms while locked reveal nothing).
const acked = (): Set<string> => {
  try {
    return new Set(JSON.parse(secret('acked') ?? '[]') as string[]);
  } catch {
    return new Set();
  }
};
const ack = (key: string): void => {
  const s = acked();
  s.add(key);
  setSecret('acked', JSON.stringify([...s].slice(-500)));
};

const SCHEDULE = 'gh.alarms';
/** One alarm to come: hashed key, hashed group (a tourniquet or a casualty's reassessment), level, due (server ms). */
interface Due {
  h: string;
  g: string;
  lvl: string;
  due: number;
}
/** FNV-1a: a stable short name for a key that does not show the ids in it. */
const hash = (s: string): string => {
  let x = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return x.toString(16).padStart(8, '0');
};
const LEVELS = TOURNIQUET_ALARMS_MIN.map((min) => [`${min / 60}h`, min] as const);
function schedule(cs: Awaited<ReturnType<typeof localCasualties>>, done: Set<string>): Due[] {
  const out: Due[] = [];
  for (const c of cs) {
    if (c.state.stage === 'closed') continue;
    for (const tq of c.state.tourniquets) {
      if (!tq.running) continue;
      for (const [lvl, min] of LEVELS) {
        const key = `tq:${tq.id}:${lvl}`;
        if (!done.has(key)) out.push({ h: hash(key), g: hash(`tq:${tq.id}`), lvl, due: Date.parse(tq.appliedAt) + min * 60_000 });
      }
    }
    const r = c.state.reassessment;
    const key = r ? `re:${c.id}:${r.dueAt}` : '';
    if (r && !done.has(key)) out.push({ h: hash(key), g: hash(`re:${c.id}`), lvl: 're', due: Date.parse(r.dueAt) });
  }
  return out;
}
const saved = (): Due[] => {
  try {
    return JSON.parse(localStorage.getItem(SCHEDULE) ?? '[]') as Due[];
  } catch {
    return [];
  }
};

let banner: HTMLElement | null = null;
const shown = new Map<string, string>();

/** Locked: the latest level due of each tourniquet or reassessment rings, named only by what it is. */
function checkLocked(): Map<string, string> {
  const now = serverNow();
  const latest = new Map<string, Due>();
  for (const d of saved()) if (d.due <= now && (latest.get(d.g)?.due ?? -Infinity) < d.due) latest.set(d.g, d);
  return new Map([...latest.values()].map((d) => [`locked:${d.h}:${d.lvl}`, tv(d.lvl === 're' ? 'vault.alarmReassess' : 'vault.alarmTq')]));
}

async function check(): Promise<void> {
  if (!banner) return;
  let active = new Map<string, string>();
  if (!rings()) localStorage.setItem(SCHEDULE, '[]');
  else if (locked()) active = checkLocked();
  else {
    const done = acked();
    const cs = await localCasualties().catch(() => null);
    if (!cs) return; // locked meanwhile
    localStorage.setItem(SCHEDULE, JSON.stringify(schedule(cs, done)));
    for (const c of cs) {
      if (c.state.stage === 'closed') continue;
      for (const tq of c.state.tourniquets) {
        if (!tq.running || tq.alarm === 'none') continue;
        const key = `tq:${tq.id}:${tq.alarm}`;
        if (!done.has(key)) active.set(key, `${casualtyName(c.state.identity, c.id)} · ${t('alarm.tq', { limb: tc('limb', tq.limb), d: dur(tq.minutes) })}`);
      }
      const r = c.state.reassessment;
      if (r?.overdue) {
        const key = `re:${c.id}:${r.dueAt}`;
        if (!done.has(key)) active.set(key, t('alarm.reassess', { id: casualtyName(c.state.identity, c.id) }));
      }
    }
  }
  // A locked alarm and the same alarm seen unlocked are one alarm: no second beep on unlocking.
  const same = (k: string): string => (k.startsWith('locked:') ? k.split(':')[1]! : hash(k));
  const before = new Set([...shown.keys()].map(same));
  const fresh = [...active.keys()].some((k) => !before.has(same(k)));
  shown.clear();
  active.forEach((v, k) => shown.set(k, v));
  render();
  if (fresh) beep();
}

/** The banner, rebuilt every 5 s and with every record: held under a finger, or "Acknowledge" tapped then is lost. */
let render = (): void => undefined;
function paint(): void {
  if (!banner) return;
  clear(
    banner,
    [...shown.entries()].map(([key, text]) =>
      h('div', { class: 'alarm', role: 'alert', 'data-key': key },
        h('span', null, '⚠ ', text),
        key.startsWith('locked:')
          ? h('button', { class: 'btn small', onclick: () => document.getElementById('pin')?.focus() }, tv('vault.unlock'))
          : h('button', { class: 'btn small', onclick: () => { ack(key); shown.delete(key); render(); void check(); } }, t('alarm.ack')),
      ),
    ),
  );
}

export function startAlarms(el: HTMLElement): void {
  banner = el;
  render = steadyRender(el, paint, { fields: false }).render;
  void check();
  onVault(() => void check());
  onChange(() => void check()); // the alarm times a lock will need are saved as soon as a record changes them
  setInterval(() => void check(), 5000);
}
export const rerenderAlarms = (): void => render();

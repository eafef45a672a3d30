// Tourniquet alarms (1 h, 2 h, 6 h) and reassessment reminders: sound (WebAudio), vibration and a banner that stays
// until acknowledged. Each alarm fires once per tourniquet and level; acknowledgements survive a reload.
import { localCasualties } from './store.ts';
import { soundOn } from './device.ts';
import { t, tc } from './i18n.ts';
import { casualtyName, dur } from './fmt.ts';
import { h, clear } from './dom.ts';

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

const ACK = 'gh.acked';
const acked = (): Set<string> => new Set(JSON.parse(localStorage.getItem(ACK) ?? '[]') as string[]);
const ack = (key: string): void => {
  const s = acked();
  s.add(key);
  localStorage.setItem(ACK, JSON.stringify([...s].slice(-500)));
};

let banner: HTMLElement | null = null;
const shown = new Map<string, string>();

async function check(): Promise<void> {
  if (!banner) return;
  const done = acked();
  const active = new Map<string, string>();
  for (const c of await localCasualties()) {
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
  const fresh = [...active.keys()].some((k) => !shown.has(k));
  shown.clear();
  active.forEach((v, k) => shown.set(k, v));
  render();
  if (fresh) beep();
}

function render(): void {
  if (!banner) return;
  clear(
    banner,
    [...shown.entries()].map(([key, text]) =>
      h('div', { class: 'alarm', role: 'alert', 'data-key': key },
        h('span', null, '⚠ ', text),
        h('button', { class: 'btn small', onclick: () => { ack(key); shown.delete(key); render(); } }, t('alarm.ack')),
      ),
    ),
  );
}

export function startAlarms(el: HTMLElement): void {
  banner = el;
  void check();
  setInterval(() => void check(), 5000);
}
export const rerenderAlarms = render;

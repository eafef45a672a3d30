// The app shell: header (views, language, outbox and network state), update prompt, alarm banner and a hash router.
import './style.css';
import { h, clear, $ } from './dom.ts';
import { initLang, getLang, setLang, onLang, t } from './i18n.ts';
import { counts, onChange, flush, lastError, recordAnew, relayed, rowsWith, resend, sendNow, syncNow } from './store.ts';
import type { Row } from './store.ts';
import { anewCanHelp, failureText, refusalText, resendCanHelp, ts } from './sync/i18n.ts';
import { mountVault } from './vault/ui.ts';
import { locked, onVault } from './vault/vault.ts';
import { shortId } from './fmt.ts';
import { isIncidentStreamType } from '../../src/core/index.ts';
import { startAlarms, rerenderAlarms, unlockAudio } from './alarm.ts';
import { isDirty } from './dirty.ts';
import { hasToken, setToken, currentUser } from './api.ts';
import { ROUTES, match, navFor, navOf } from './routes.ts';
import type { View } from './routes.ts';
import { st } from './shell-i18n.ts';
import { warmMap } from './map/warm.ts';
import { steadyLoad } from './ui/steady.ts';

export type { Screen } from './screen.ts';

const hashParts = (): string[] => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
const titleOf = (v: View): string => ROUTES.find((r) => r.nav?.view === v)!.title();
// The field card is the first paint: fetch its screen with the shell rather than after it.
void match([]).route.load();

initLang();

// Tapping the outbox indicator opens a panel: what is waiting, and why (the last send error), readable on a phone.
const outboxPanel = h('section', { class: 'outbox-panel', id: 'outbox-panel', hidden: true, 'aria-live': 'polite' });
const outbox = h('button', {
  class: 'outbox',
  id: 'outbox',
  'aria-controls': 'outbox-panel',
  onclick: () => {
    outboxPanel.hidden = !outboxPanel.hidden;
    outbox.setAttribute('aria-expanded', String(!outboxPanel.hidden));
    panelLive.load();
    void flush();
  },
});
const net = h('span', { class: 'net', id: 'net' });
const who = h('a', { href: '#/login', class: 'who btn small', id: 'who' });
// A view chosen from the open list folds it at the tap itself, not a task later when the hash change is routed.
const navLinks = h('nav', { class: 'nav', id: 'views', 'aria-label': st('menu.views'), onclick: (e: Event) => { if ((e.target as Element).closest('a')) setMenu(false); } });
// On a narrow screen the views do not fit in one row: the header turns compact and this button opens them as a list.
const menuBtn = h('button', {
  class: 'btn menu',
  id: 'menu',
  'aria-controls': 'views',
  'aria-expanded': 'false',
  onclick: () => setMenu(!header.classList.contains('menu-open')),
});
const langBtn = h('button', { class: 'btn lang', id: 'lang', onclick: () => setLang(getLang() === 'uk' ? 'en' : 'uk') });
const strip = h('div', { class: 'strip' }, outbox, net, who);
const header = h('header', { class: 'top' },
  h('div', { class: 'bar' }, h('a', { href: '#/field', class: 'brand', 'aria-label': 'Golden Hour' }, '✚'), menuBtn, navLinks, langBtn),
  strip,
  outboxPanel);
const updateBar = h('div', { class: 'update', id: 'update', hidden: true });
const alarms = h('div', { class: 'alarms', id: 'alarms' });
const main = h('main', { id: 'main' });
document.body.append(header, updateBar, alarms, main);
document.addEventListener('pointerdown', unlockAudio, { once: true });

function setMenu(open: boolean): void {
  header.classList.toggle('menu-open', open);
  menuBtn.setAttribute('aria-expanded', String(open));
}

/** Compact when the views overflow their row (measured, so it holds for any role, language and width). */
function fitHeader(): void {
  header.classList.remove('compact');
  const over = navLinks.scrollWidth > navLinks.clientWidth + 1;
  header.classList.toggle('compact', over);
  if (!over) setMenu(false);
}

function renderHeader(): void {
  const { route } = match(hashParts());
  const current = route.nav?.view;
  const offered = navFor(hasToken() ? currentUser()?.role : undefined);
  warmMap(hasToken() ? currentUser()?.role : undefined);
  document.title = `${route.title()} · ${t('app.title')}`;
  clear(
    navLinks,
    // Each role's own views (and the one open now, so nobody loses their place), Settings last.
    ROUTES.flatMap((r) => (r.nav && (r.nav.view === current || offered.includes(r.nav.view)) ? [r.nav.view] : [])).map((k) => {
      const icon = navOf(k)?.icon;
      return h('a', { href: `#/${k}`, class: current === k ? 'active' : '', 'data-nav': k, ...(current === k ? { 'aria-current': 'page' } : {}) },
        icon ? h('span', { 'aria-hidden': 'true', class: 'nav-icon' }, icon) : null,
        h('span', { class: icon ? 'nav-label' : '' }, titleOf(k)));
    }),
  );
  clear(menuBtn, h('span', { 'aria-hidden': 'true' }, '☰ '), current ? titleOf(current) : st('menu.views'));
  menuBtn.title = st('menu.open');
  setMenu(false);
  clear(who, hasToken() ? (currentUser()?.username ?? '✓') : t('login.title'));
  who.className = `who btn small ${hasToken() ? '' : 'primary'}`;
  langBtn.textContent = t('lang.switch');
  net.textContent = navigator.onLine ? '' : t('net.offline');
  net.className = navigator.onLine ? 'net' : 'net off';
  fitHeader();
}
window.addEventListener('resize', fitHeader);
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && header.classList.contains('menu-open')) {
    setMenu(false);
    menuBtn.focus();
  }
});

async function renderOutbox(): Promise<void> {
  const c = await counts();
  // Never "All sent" while anything was refused (issue 19): refused records wait for a person to correct them. One
  // recorded again as new is corrected (its copy counts as waiting until sent); the panel still shows it, linked.
  outbox.textContent = c.pending ? t('outbox.pending', { n: c.pending }) : c.rejected ? ts('outbox.rejectedOnly', { n: c.rejected }) : t('outbox.none');
  if (c.pending && !hasToken()) outbox.textContent += ` · ${t('login.needed')}`;
  if (c.rejected && c.pending) outbox.textContent += ` · ${t('outbox.rejected', { n: c.rejected })}`;
  outbox.className = `outbox ${c.pending || c.rejected ? 'pending' : 'ok'}`;
  outbox.dataset.rejected = String(c.rejected);
  outbox.dataset.pending = String(c.pending);
  outbox.dataset.anew = String(c.anew);
  // Why sending is stuck, said in the medic's language, for whoever long-presses or hovers the indicator. Not the
  // server's English words: an attribute cannot mark them lang="en" (the panel shows them, marked); the kind is kept
  // as data-failure for whoever needs it without the words of a language.
  const f = c.pending ? lastError : null;
  outbox.title = f ? failureText(f) : '';
  if (f) outbox.dataset.failure = f.kind;
  else delete outbox.dataset.failure;
  panelLive.load();
}

type Rows = Awaited<ReturnType<typeof rowsWith>>;
// The open panel is rebuilt with every record sent or received (its buttons and links too): read, then painted once
// no finger is down on it.
const panelLive = steadyLoad(outboxPanel, async (): Promise<[Rows, Rows] | null> =>
  (outboxPanel.hidden ? null : Promise.all([rowsWith('pending'), rowsWith('rejected')])), paintOutboxPanel, { fields: false });
function paintOutboxPanel(rows: [Rows, Rows] | null): void {
  if (!rows || outboxPanel.hidden) return;
  const [pending, rejected] = rows;
  // Still for a person to correct; the rest are resolved by a copy, or were on the server already (a hand-over's).
  const refused = rejected.filter((r) => !r.anew && !relayed(r));
  const per = new Map<string, number>();
  for (const r of pending) per.set(r.casualtyId, (per.get(r.casualtyId) ?? 0) + 1);
  // An incident's own log (declared, cleared) waits here too: it is named an incident and opens its screen.
  const incidents = new Set(pending.filter((r) => isIncidentStreamType(r.event.type)).map((r) => r.casualtyId));
  const reason = !navigator.onLine ? t('net.offline') : pending.length && !hasToken() ? t('login.needed') : null;
  // Every failed retry announces a change: rebuilding an unchanged panel would replace the button under a finger
  // between touch and click (the tap lost) and make the live region speak again.
  const shown = JSON.stringify([getLang(), [...per], rejected.map((r) => [r.id, r.refusal, r.error, r.anew]), lastError, reason]);
  if (outboxPanel.dataset.shown === shown) return;
  outboxPanel.dataset.shown = shown;
  clear(
    outboxPanel,
    h('h2', null, pending.length ? t('outbox.title') : refused.length ? ts('outbox.rejectedOnly', { n: refused.length }) : t('outbox.none')),
    pending.length ? sendReason(reason) : null,
    lastError && reason ? h('p', { class: 'muted' }, reason) : null,
    h('ul', { class: 'outbox-list' },
      [...per].map(([id, n]) => h('li', null, incidents.has(id)
        ? h('a', { class: 'btn', href: `#/mci/${id}`, 'data-outbox-item': id }, t('outbox.incident', { id: shortId(id), n }))
        : h('a', { class: 'btn', href: `#/c/${id}`, 'data-outbox-item': id }, t('outbox.item', { id: shortId(id), n })))),
      // Why, in the medic's language, then the server's own words (English, so marked so for screen readers).
      refused.map((r) => h('li', { class: 'error', 'data-outbox-rejected': r.casualtyId, 'data-refusal': String(r.refusal ?? 400) },
        t(incidents.has(r.casualtyId) ? 'outbox.incidentRejected' : 'outbox.itemRejected', { id: shortId(r.casualtyId), error: refusalText(r.refusal) }),
        r.error ? h('span', { class: 'server-words' }, ` ${ts('refused.words')} `, h('q', { lang: 'en' }, r.error)) : null,
        // Correcting the time and sending again can help only a record refused as it is (400: a clock far off); an id
        // taken (409), a scope (403) or a size (413) would be refused again, so no button offers it.
        resendCanHelp(r.refusal) ? h('button', { class: 'btn small', 'data-resend': r.id, onclick: () => void resend(r.id) }, ts('clock.resend')) : null,
        anewCanHelp(r.refusal) ? h('button', { class: 'btn small', 'data-record-anew': r.id, onclick: () => void recordAnew(r.id).then((c) => { if (c) location.hash = `#/c/${c}`; }) }, ts('refused.anew')) : null)),
      anewDone(rejected),
      relayedLines(rejected)),
    h('div', { class: 'row' },
      pending.length ? h('button', { class: 'btn primary', id: 'outbox-send', onclick: () => void sendNow() }, t('outbox.sendNow')) : null,
      h('button', { class: 'btn', id: 'outbox-close', onclick: () => { outboxPanel.hidden = true; outbox.setAttribute('aria-expanded', 'false'); } }, t('outbox.close'))),
  );
}

/** Why sending is stuck, in the medic's language; the words it came with (English) follow as a detail. */
function sendReason(reason: string | null): HTMLElement {
  const f = lastError;
  if (!f) return h('p', { class: 'muted', id: 'outbox-reason' }, reason ?? t('outbox.noError'));
  return h('p', { class: 'error', id: 'outbox-reason', 'data-failure': f.kind }, failureText(f),
    f.words ? h('small', { class: 'server-words muted' }, ` ${ts(f.fromServer ? 'refused.words' : 'failure.words')} `, h('q', { lang: 'en' }, f.words)) : null);
}

/** Refused records recorded again as new: kept, set aside, no longer counted as refused (the copy resolved them); one
 *  line per copy (the records it took along counted) that links to its card; a line each said the same thing four times. */
function anewDone(rows: Row[]): HTMLElement[] {
  const by = new Map<string, Row[]>();
  for (const r of rows) if (r.anew) by.set(r.anew, [...(by.get(r.anew) ?? []), r]);
  return [...by].map(([card, [r, ...more]]) => h('li', { 'data-outbox-anew': r!.casualtyId, 'data-refusal': String(r!.refusal ?? 400) },
    h('a', { class: 'btn small', 'data-anew': card, href: `#/c/${card}` }, ts('refused.anewDone', { id: shortId(r!.casualtyId), n: more.length + 1, copy: shortId(card) }))));
}

/** Records received by hand-over that the server holds already (refused as taken): one line per casualty, no button. */
function relayedLines(rows: Row[]): HTMLElement[] {
  const by = new Map<string, Row[]>();
  for (const r of rows) if (relayed(r)) by.set(r.casualtyId, [...(by.get(r.casualtyId) ?? []), r]);
  return [...by].map(([id, rs]) => h('li', { class: 'muted', 'data-outbox-relayed': id },
    `${t('outbox.item', { id: shortId(id), n: rs.length })} · ${ts('refused.relayed')} (${rs[0]!.handover?.author ?? ''})`));
}
onChange(() => void renderOutbox());
window.addEventListener('online', () => void retryFailedScreen());
/** Back online with a screen whose code could not load: load it again. Chromium keeps a failed dynamic import's
 *  module failed for the page's life, so if the second try fails too the page reloads (only with nothing unsaved;
 *  the outbox lives in IndexedDB, not in the page). */
async function retryFailedScreen(): Promise<void> {
  renderHeader(); // store.ts syncs on reconnect
  if (!document.getElementById('load-failed')) return;
  await route();
  if (document.getElementById('load-failed') && navigator.onLine && !isDirty()) location.reload();
}
window.addEventListener('offline', renderHeader);
// A rejected session: the field view keeps working (the outbox waits); other views go to sign-in.
window.addEventListener('gh:unauthorized', () => {
  setToken(null);
  void renderOutbox();
  if (!location.hash.startsWith('#/login') && !isDirty() && match(hashParts()).route.signedIn) location.hash = `#/login/${encodeURIComponent(location.hash)}`;
});

// ---- router: the route table (routes.ts) says which screen, who may, the layout and the title ------------------------
let cleanup: (() => void) | undefined;
let routing = 0;
async function route(): Promise<void> {
  const mine = ++routing;
  if (cleanup) cleanup();
  cleanup = undefined;
  outboxPanel.hidden = true;
  outbox.setAttribute('aria-expanded', 'false');
  clear(main);
  main.scrollTop = 0;
  window.scrollTo(0, 0);
  renderHeader();
  const { route: r, params } = match(hashParts());
  if (locked()) return; // nothing is readable, the credential neither: the gate shows, and unlocking routes again
  if (r.signedIn && !hasToken()) {
    location.hash = `#/login/${encodeURIComponent(location.hash)}`;
    return;
  }
  let screen: Awaited<ReturnType<typeof r.load>>;
  try {
    screen = await r.load();
  } catch {
    // Its code was never fetched (first visit, the offline copy not installed yet) and there is no network: say so,
    // and open it when the link is back, rather than leave a blank screen.
    if (mine === routing) clear(main, h('p', { class: 'error', id: 'load-failed', role: 'alert' }, st('load.failed')));
    return;
  }
  if (mine !== routing) return; // a later navigation won while this screen's code was loading
  document.body.dataset.view = r.layout;
  cleanup = screen(main, params);
}
window.addEventListener('hashchange', () => void route());
onLang(() => {
  rerenderAlarms();
  void renderOutbox();
  if (!isDirty()) void route();
  else renderHeader();
});

// ---- service worker: precached shell, prompt to update -------------------------------------------------------------
async function registerSw(): Promise<void> {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const reg = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  let accepted = false;
  const offer = (w: ServiceWorker): void => {
    updateBar.hidden = false;
    const msg = h('span', null, t('update.available'));
    clear(
      updateBar,
      msg,
      h('button', {
        class: 'btn small primary',
        id: 'update-apply',
        onclick: () => {
          if (isDirty()) {
            msg.textContent = t('update.unsaved');
            return;
          }
          accepted = true;
          w.postMessage({ type: 'SKIP_WAITING' });
        },
      }, t('update.apply')),
      h('button', { class: 'btn small', onclick: () => (updateBar.hidden = true) }, t('update.later')),
    );
  };
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (accepted) location.reload();
  });
  if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
  reg.addEventListener('updatefound', () => {
    const w = reg.installing;
    w?.addEventListener('statechange', () => {
      if (w.state === 'installed' && navigator.serviceWorker.controller) offer(w);
    });
  });
  setInterval(() => void reg.update().catch(() => undefined), 30 * 60_000);
  // Ask the browser not to evict the outbox under storage pressure.
  void navigator.storage?.persist?.().catch(() => false);
}

mountVault(langBtn);
// Unlocked: show what the lock hid (a half-filled form stays as it was).
onVault(() => {
  if (locked()) return;
  void renderOutbox();
  if (!isDirty()) void route();
  void syncNow(); // the credential is readable again
});
renderHeader();
void renderOutbox();
void route();
startAlarms(alarms);
void syncNow();
registerSw().catch((e: unknown) => console.warn('service worker', e));
($('#main') as HTMLElement).focus();

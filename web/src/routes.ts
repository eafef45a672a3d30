// The route table: every screen of the app, once — its path, who is offered it in the header, whether it needs a
// signed-in user, its layout, its title, and a loader so that a screen's code is fetched on first use. The shell
// (main.ts) routes, titles the page and builds the header from it; nothing else lists the screens.
// Pure (no DOM at import time): the role tests run it in Node.
import type { ROLES } from '../../src/core/api.ts';

type Role = (typeof ROLES)[number];
import type { Screen } from './screen.ts';
import { t } from './i18n.ts';
import { st } from './shell-i18n.ts';
import { mt } from './mci/i18n.ts';
import { tt } from './workforce/templates-i18n.ts';

export type View = 'field' | 'console' | 'facility' | 'list' | 'accounting' | 'admin' | 'staff' | 'settings';

export interface Route {
  /** Segments after `#/`: a literal, `:name` for any one segment, or a final `*` for any rest (also none). */
  path: string;
  /** A view of the header: which roles are offered it (`all`: everyone), and whether a visitor not signed in is. */
  nav?: { view: View; roles: readonly Role[] | 'all'; guest: boolean; icon?: string };
  signedIn: boolean;
  /** `console`: the wide layout of the desk screens; `field`: the phone card layout. */
  layout: 'field' | 'console';
  title: () => string;
  load: () => Promise<Screen>;
}

const field = (path: string, title: () => string, load: () => Promise<Screen>): Route => ({ path, signedIn: false, layout: 'field', title, load });

/** Bottom to top of the header, in the order it shows them. The first route is also where an unknown path goes. */
export const ROUTES: readonly Route[] = [
  { ...field('field/*', () => t('nav.field'), async () => (await import('./field/home.ts')).fieldHome),
    nav: { view: 'field', roles: ['medic', 'dispatcher', 'commander', 'admin'], guest: true } },
  field('', () => t('nav.field'), async () => (await import('./field/home.ts')).fieldHome),
  field('new/*', () => t('field.new'), async () => (await import('./field/quick.ts')).quickNew),
  field('c/:id/9line', () => st('title.nineline'), async () => (await import('./field/nineline.ts')).nineLineComposer),
  field('c/:id/timeline', () => st('title.timeline'), async () => (await import('./timeline.ts')).timeline),
  field('c/:id/handover', () => st('title.handover'), async () => (await import('./handover/show.ts')).handoverScreen),
  field('c/:id/*', () => st('title.card'), async () => (await import('./field/card.ts')).casualtyCard),
  field('mci/*', () => mt('mci.title'), async () => (await import('./mci/screen.ts')).mciScreen),
  field('scan/*', () => st('title.scan'), async () => (await import('./handover/scan.ts')).scanScreen),
  { path: 'console/*', signedIn: true, layout: 'console', title: () => t('nav.console'), load: async () => (await import('./console/console.ts')).consoleScreen,
    nav: { view: 'console', roles: ['dispatcher', 'commander', 'admin'], guest: true } },
  { path: 'facility/*', signedIn: true, layout: 'console', title: () => t('nav.facility'), load: async () => (await import('./facility.ts')).facilityScreen,
    nav: { view: 'facility', roles: ['facility', 'admin'], guest: true } },
  { path: 'list/*', signedIn: true, layout: 'console', title: () => st('nav.list'), load: async () => (await import('./list/list.ts')).casualtyList,
    nav: { view: 'list', roles: ['dispatcher', 'commander', 'facility', 'admin'], guest: true } },
  { path: 'accounting/*', signedIn: true, layout: 'console', title: () => t('nav.accounting'), load: async () => (await import('./accounting/screen.ts')).accountingScreen,
    nav: { view: 'accounting', roles: ['commander', 'analyst', 'editor', 'admin'], guest: true } },
  { path: 'admin/*', signedIn: true, layout: 'console', title: () => st('nav.admin'), load: async () => (await import('./admin/admin.ts')).adminScreen,
    nav: { view: 'admin', roles: ['admin'], guest: false } },
  { path: 'staff/templates', signedIn: true, layout: 'console', title: () => tt('tpl.title'), load: async () => (await import('./workforce/templates.ts')).templatesScreen },
  { path: 'staff/*', signedIn: true, layout: 'console', title: () => t('nav.staff'), load: async () => (await import('./workforce/screen.ts')).workforceScreen,
    nav: { view: 'staff', roles: ['personnel', 'admin'], guest: false } },
  { ...field('settings/*', () => t('nav.settings'), async () => (await import('./settings.ts')).settings),
    nav: { view: 'settings', roles: 'all', guest: true, icon: '⚙' } },
  field('login/*', () => t('login.title'), async () => (await import('./login.ts')).loginScreen),
];

/** The route a hash path (`c/ID/9line`) goes to, and its parameters (the segments after the first, as screens take them). */
export function match(parts: readonly string[]): { route: Route; params: string[] } {
  for (const route of ROUTES) {
    const pat = route.path === '' ? [] : route.path.split('/');
    const rest = pat[pat.length - 1] === '*';
    const fixed = rest ? pat.slice(0, -1) : pat;
    if (rest ? parts.length < fixed.length : parts.length !== fixed.length) continue;
    if (fixed.every((p, i) => p.startsWith(':') || p === parts[i])) return { route, params: parts.slice(1) };
  }
  return { route: ROUTES[0]!, params: [] };
}

/** Header views a role is offered, in order (Settings last); a visitor or a role this build does not know gets the guest set. */
export function navFor(role: string | undefined | null): View[] {
  const nav = ROUTES.flatMap((r) => (r.nav ? [r.nav] : []));
  const known = nav.some((n) => n.roles !== 'all' && (n.roles as readonly string[]).includes(role ?? ''));
  return nav.filter((n) => (known ? n.roles === 'all' || (n.roles as readonly string[]).includes(role!) : n.guest)).map((n) => n.view);
}

/** The nav entry of a view (its icon), for the header. */
export const navOf = (view: View): Route['nav'] => ROUTES.find((r) => r.nav?.view === view)?.nav;

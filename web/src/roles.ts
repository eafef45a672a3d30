// Which views each role uses: the header shows those (and Settings), nothing a role needs is hidden. Read from the
// route table (routes.ts), where each screen says who is offered it.
import { navFor } from './routes.ts';
import type { View as RouteView } from './routes.ts';

export type View = Exclude<RouteView, 'settings'>;

/** Views shown in the header for a role; an unknown or missing role (not signed in, a new role) sees all but admin. */
export const viewsFor = (role: string | undefined | null): View[] => navFor(role).filter((v): v is View => v !== 'settings');

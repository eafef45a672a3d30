// Which views each role uses: the header shows those (and Settings), nothing a role needs is hidden.
export type View = 'field' | 'console' | 'facility' | 'staff';
const ALL: readonly View[] = ['field', 'console', 'facility'];

/** Views shown in the header for a role; an unknown or missing role (not signed in, a new role) sees all of them. */
export function viewsFor(role: string | undefined | null): View[] {
  switch (role ?? '') {
    case 'medic':
      return ['field'];
    case 'dispatcher':
    case 'commander':
      return ['field', 'console'];
    case 'facility':
      return ['facility'];
    case 'personnel':
      return ['staff'];
    case 'admin':
      return [...ALL, 'staff'];
    default:
      return [...ALL];
  }
}

// Which views each role uses: the header shows those (and Settings), nothing a role needs is hidden.
export type View = 'field' | 'console' | 'facility' | 'list' | 'accounting' | 'admin' | 'staff';
const ALL: readonly View[] = ['field', 'console', 'facility', 'list', 'accounting'];

/** Views shown in the header for a role; an unknown or missing role (not signed in, a new role) sees all but admin. */
export function viewsFor(role: string | undefined | null): View[] {
  switch (role ?? '') {
    case 'medic':
      return ['field'];
    case 'dispatcher':
      return ['field', 'console', 'list'];
    case 'commander':
      return ['field', 'console', 'list', 'accounting'];
    case 'analyst':
    case 'editor':
      return ['accounting'];
    case 'facility':
      return ['facility', 'list'];
    case 'personnel':
      return ['staff'];
    case 'admin':
      return [...ALL, 'admin', 'staff'];
    default:
      return [...ALL];
  }
}

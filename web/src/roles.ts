// Which views each role uses: the header shows those (and Settings), nothing a role needs is hidden.
export type View = 'field' | 'console' | 'facility' | 'accounting';
const ALL: readonly View[] = ['field', 'console', 'facility', 'accounting'];

/** Views shown in the header for a role; an unknown or missing role (not signed in, a new role) sees all of them. */
export function viewsFor(role: string | undefined | null): View[] {
  switch (role ?? '') {
    case 'medic':
      return ['field'];
    case 'dispatcher':
      return ['field', 'console'];
    case 'commander':
      return ['field', 'console', 'accounting'];
    case 'analyst':
    case 'editor':
      return ['accounting'];
    case 'facility':
      return ['facility'];
    default:
      return [...ALL];
  }
}

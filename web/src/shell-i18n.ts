// Strings of the shell added with the casualty list, the administrator's screens and QR enrolment (issue 9).
import { strings } from './i18n-table.ts';

const en = {
  'nav.list': 'Casualties',
  'nav.admin': 'Admin',
  'login.scan': 'Scan the code',
  'home.unit': 'Your units’ casualties from other devices',
};
const uk: Record<keyof typeof en, string> = {
  'nav.list': 'Поранені',
  'nav.admin': 'Адмін',
  'login.scan': 'Сканувати код',
  'home.unit': 'Поранені ваших підрозділів з інших пристроїв',
};
export const st = strings(en, uk);

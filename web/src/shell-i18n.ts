// Strings of the shell added with the casualty list, the administrator's screens and QR enrolment (issue 9), the
// route table's page titles and the compact header's menu (issue 10).
import { strings } from './i18n-table.ts';

const en = {
  'nav.list': 'Casualties',
  'nav.admin': 'Admin',
  'login.scan': 'Scan the code',
  'home.unit': 'Your units’ casualties from other devices',
  'title.card': 'Casualty card',
  'title.nineline': '9-line MEDEVAC request',
  'title.timeline': 'Casualty timeline',
  'title.handover': 'Hand-over code',
  'title.scan': 'Scan a hand-over code',
  'menu.views': 'Views',
  'menu.open': 'Open the list of views',
  'load.failed': 'This screen is not on the phone yet and there is no network. It opens when the link is back.',
};
const uk: Record<keyof typeof en, string> = {
  'nav.list': 'Поранені',
  'nav.admin': 'Адмін',
  'login.scan': 'Сканувати код',
  'home.unit': 'Поранені ваших підрозділів з інших пристроїв',
  'title.card': 'Картка пораненого',
  'title.nineline': 'Запит на евакуацію (9 рядків)',
  'title.timeline': 'Хронологія пораненого',
  'title.handover': 'Код передачі',
  'title.scan': 'Сканувати код передачі',
  'menu.views': 'Розділи',
  'menu.open': 'Відкрити список розділів',
  'load.failed': 'Цього екрана ще немає на телефоні, а мережі немає. Він відкриється, щойно зʼявиться звʼязок.',
};
export const st = strings(en, uk);

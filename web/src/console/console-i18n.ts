// Strings of the console's board and recommendations (issue 9 items 6, 11, 12).
import { strings } from '../i18n-table.ts';

const en = {
  'board.no9line': 'no 9-line yet',
  'board.count#one': '{n} open casualty',
  'board.count#other': '{n} open casualties',
  'jump.plan#one': 'Recommendation ({n}) ↓',
  'jump.plan#other': 'Recommendations ({n}) ↓',
  'jump.vehicles': 'Vehicles ↓',
  'plan.combined': 'One trip for {n}: {names}',
  'plan.acceptAll': 'Accept the trip',
  'plan.notOnBoard': 'not on the board ({stage})',
  'plan.precFrom9': 'precedence from the 9-line',
};
const uk: Record<keyof typeof en, string> = {
  'board.no9line': '9 рядків ще немає',
  'board.count#one': '{n} відкритий поранений',
  'board.count#few': '{n} відкриті поранені',
  'board.count#many': '{n} відкритих поранених',
  'board.count#other': '{n} відкритого пораненого',
  'jump.plan#one': 'Рекомендація ({n}) ↓',
  'jump.plan#few': 'Рекомендації ({n}) ↓',
  'jump.plan#many': 'Рекомендацій ({n}) ↓',
  'jump.plan#other': 'Рекомендації ({n}) ↓',
  'jump.vehicles': 'Транспорт ↓',
  'plan.combined': 'Один рейс для {n}: {names}',
  'plan.acceptAll': 'Прийняти рейс',
  'plan.notOnBoard': 'немає на дошці ({stage})',
  'plan.precFrom9': 'терміновість з 9 рядків',
} as Record<keyof typeof en, string>;
export const cs = strings(en, uk);

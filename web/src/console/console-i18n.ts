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
  'plan.divert': '↪ Diversion',
  'plan.divertFrom': '▲ {vehicle} is on its way to {left} and has picked no one up: send it here instead, pickup at {at}. {left} waits for a vehicle again.',
  'plan.replan': '▲ {vehicle} is on its way and has picked no one up: its trip is re-planned, pickup here at {at}.',
  'plan.acceptDivert': 'Accept the diversion',
  'plan.anotherCasualty': 'another casualty',
  'plan.addsToLeg': '▲ {vehicle} is on its way to {first} and carries on: this casualty is added after, pickup at {at}.',
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
  'plan.divert': '↪ Перенаправлення',
  'plan.divertFrom': '▲ {vehicle} їде до: {left} і ще нікого не забрав: натомість направити сюди, підбір о {at}. {left} знову чекає на транспорт.',
  'plan.replan': '▲ {vehicle} у дорозі й ще нікого не забрав: рейс переплановано, підбір тут о {at}.',
  'plan.acceptDivert': 'Прийняти перенаправлення',
  'plan.anotherCasualty': 'інший поранений',
  'plan.addsToLeg': '▲ {vehicle} їде до: {first} і продовжує рейс: цього пораненого забере після, підбір о {at}.',
} as Record<keyof typeof en, string>;
export const cs = strings(en, uk);

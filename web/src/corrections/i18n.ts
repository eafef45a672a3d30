// Strings of the corrections panel (issue 14 items 1 and 11): amended and voided entries and overridden outcomes,
// shown beside the original with who, when and why.
import { strings } from '../i18n-table.ts';

const en = {
  'corr.title': 'Corrections',
  'corr.voided': 'VOIDED',
  'corr.amended': 'AMENDED',
  'corr.overridden': 'OVERRIDDEN',
  'corr.original': 'Original',
  'corr.now': 'Now',
  'corr.unknown': 'entry {id} (not on this device yet)',
  'corr.by': '{kind} by {author} at {time}',
  'corr.kind.void': 'Voided',
  'corr.kind.amend': 'Amended',
  'corr.recorded': 'recorded by {author} at {time}',
  'corr.why': 'Reason: {reason}',
  'corr.noReason': 'no reason given (own entry)',
  'corr.overriddenBy': 'Overridden by the outcome of {facility}, recorded by {author} at {time}',
  'corr.overriddenWhy': 'Reason: the facility that received the casualty decides its outcome',
  'corr.outcome': 'Outcome',
  'corr.more#one': '{n} earlier correction not shown: see the timeline',
  'corr.more#other': '{n} earlier corrections not shown: see the timeline',
};

const uk = {
  'corr.title': 'Виправлення',
  'corr.voided': 'АНУЛЬОВАНО',
  'corr.amended': 'ЗМІНЕНО',
  'corr.overridden': 'ЗАМІНЕНО',
  'corr.original': 'Було',
  'corr.now': 'Тепер',
  'corr.unknown': 'запис {id} (ще не на цьому пристрої)',
  'corr.by': '{kind}: {author}, {time}',
  'corr.kind.void': 'Анулював(ла)',
  'corr.kind.amend': 'Змінив(ла)',
  'corr.recorded': 'записав(ла) {author}, {time}',
  'corr.why': 'Причина: {reason}',
  'corr.noReason': 'причину не вказано (власний запис)',
  'corr.overriddenBy': 'Замінено результатом закладу {facility}; записав(ла) {author}, {time}',
  'corr.overriddenWhy': 'Причина: результат визначає заклад, що прийняв пораненого',
  'corr.outcome': 'Результат',
  'corr.more#one': 'Ще {n} раніше виправлення не показано: див. хронологію',
  'corr.more#few': 'Ще {n} раніші виправлення не показано: див. хронологію',
  'corr.more#many': 'Ще {n} раніших виправлень не показано: див. хронологію',
  'corr.more#other': 'Ще {n} раніших виправлення не показано: див. хронологію',
} satisfies Record<keyof typeof en, string> & Record<string, string>;

export const rt = strings<keyof typeof en>(en, uk);

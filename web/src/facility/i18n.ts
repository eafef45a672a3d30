// Strings of the facility desk's own parts: the outcome controls (issue 9 item 10), the undo of an arrival or a surgery
// start, the counts being saved, the patients diverted away and the steps not sent yet (desk night review).
import { strings } from '../i18n-table.ts';

const en = {
  'outcome.choose': '— choose the outcome —',
  'outcome.label': 'Outcome',
  'outcome.notArrived': 'Not arrived here yet. Why record an outcome now?',
  'outcome.reason': 'Reason (required before arrival)',
  'outcome.confirm': 'Record "{outcome}" for {who}? This closes the case.',
  'outcome.yes': 'Yes, record',
  'outcome.no': 'Cancel',
  'step.undo': 'Undo “{step}”',
  'undoReason': 'undone at the facility: recorded by mistake',
  'outcome.beforeArrival': 'recorded before arrival: {reason}',
  'tq.stillOn': 'Tourniquet on the {limb} still on for {d}: record its removal or conversion first?',
  'tq.removedHere': 'Removed here',
  'tq.convertedHere': 'Converted here',
  'status.saving': 'saving…',
  'diverted': '{who} diverted to {to} at {time}: not coming here',
  'diverted.title': 'Diverted away from here',
  'unsent': '“{step}” recorded here at {time}: not sent yet. It goes as soon as the server answers.',
  'refused': '“{step}” recorded here at {time} was refused by the server: the outbox at the top says why.',
};
const uk: Record<keyof typeof en, string> = {
  'outcome.choose': '— оберіть наслідок —',
  'outcome.label': 'Наслідок',
  'outcome.notArrived': 'Ще не прибув сюди. Чому записати наслідок зараз?',
  'outcome.reason': 'Причина (обов’язково до прибуття)',
  'outcome.confirm': 'Записати «{outcome}» для {who}? Це закриває випадок.',
  'outcome.yes': 'Так, записати',
  'outcome.no': 'Скасувати',
  'step.undo': 'Скасувати «{step}»',
  'undoReason': 'скасовано в закладі: записано помилково',
  'outcome.beforeArrival': 'записано до прибуття: {reason}',
  'tq.stillOn': 'Турнікет ({limb}) досі накладений, {d}: спершу записати зняття чи конвертацію?',
  'tq.removedHere': 'Знято тут',
  'tq.convertedHere': 'Конвертовано тут',
  'status.saving': 'зберігається…',
  'diverted': '{who} перенаправлено до {to} о {time}: сюди не прибуде',
  'diverted.title': 'Перенаправлені звідси',
  'unsent': '«{step}» внесено тут о {time}: ще не надіслано. Надішлеться, щойно сервер відповість.',
  'refused': '«{step}» внесено тут о {time}, але сервер відхилив: чому — у черзі надсилання вгорі.',
};
export const ft = strings(en, uk);

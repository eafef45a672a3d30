// Strings of the clock, sync and conflict parts of the field view (issue 19), in both languages; same keys.
import { strings } from '../i18n-table.ts';
import type { SendFailure } from './failure.ts';

export const en = {
  'clock.slow': 'Your phone’s clock is {d} slow. Times are corrected using the server’s clock.',
  'clock.fast': 'Your phone’s clock is {d} fast. Times are corrected using the server’s clock.',
  'clock.fix': 'Set the phone’s date and time to automatic (Settings › Date & time).',
  'clock.device': 'phone clock {time}',
  'clock.needsTime': 'Needs a time: {n}',
  'clock.needsTimeHelp': 'The time of these records could not be explained by the phone’s clock. Open the timeline, void the wrong one and record it again.',
  'clock.resend': 'Correct the time and resend',
  'outbox.rejectedOnly': '{n} refused — tap to correct',
  'conflict.triage': 'Triage conflict',
  'conflict.precedence': 'Precedence conflict',
  'conflict.value': '{value} ({author}, {time})',
  'store.use': 'On this phone: {n} casualties · {used} of {budget} MB',
  'gps.fix': 'GPS fix ±{acc} m, {age} s old',
  'clock.hm': '{h} h {m} min',
  'clock.m': '{m} min',
  'clock.use': 'Use the correct time ({time})',
  'clock.cannotSet': 'The app cannot change the phone’s own clock. One tap and it checks the time again and shows the correct time here: write times on the tourniquet and the card from the app, not from the phone’s status bar.',
  'clock.now': 'Correct time {time}',
  'clock.phone': 'phone’s clock {time} ({d} {dir})',
  'clock.slowWord': 'slow',
  'clock.fastWord': 'fast',
  'clock.unchanged': 'The phone’s own clock is unchanged. To fix it: Settings › Date & time › automatic.',
  'clock.jumped': 'The phone’s clock was just changed by {d}: the app kept the correct time.',
  'refused.400': 'The server cannot accept this record as it is.',
  'refused.403': 'You may not record this on this casualty.',
  'refused.409': 'This id is already in use on the server with other content. Record it again as a new entry.',
  'refused.413': 'The record is too large for the server.',
  'refused.words': 'The server said:',
  'refused.anew': 'Record again as new',
  'refused.anewDone': 'Casualty {id} (records: {n}): recorded again as new, card {copy}',
  'refused.anewBadge': 'recorded again as new: card {copy}',
  'refused.relayed': 'already on the server from the medic',
  'failure.offline': 'This phone is offline.',
  'failure.unreachable': 'Could not reach the server.',
  'failure.signIn': 'Sign in again to send.',
  'failure.notYet': 'Some records build on ones not yet on the server.',
  'failure.busy': 'The server is busy.',
  'failure.refused': 'The server did not accept the records ({status}).',
  'failure.server': 'The server had a problem ({status}).',
  'failure.other': 'The records could not be sent.',
  'failure.wait': 'They wait on this phone and go later.',
  'failure.words': 'Details:',
} as const;
export type SyncKey = keyof typeof en;

export const uk: Record<SyncKey, string> = {
  'clock.slow': 'Годинник телефона відстає на {d}. Час виправлено за годинником сервера.',
  'clock.fast': 'Годинник телефона поспішає на {d}. Час виправлено за годинником сервера.',
  'clock.fix': 'Увімкніть автоматичні дату й час (Налаштування › Дата й час).',
  'clock.device': 'годинник телефона {time}',
  'clock.needsTime': 'Потрібен час: {n}',
  'clock.needsTimeHelp': 'Час цих записів не пояснюється годинником телефона. Відкрийте хронологію, скасуйте хибний запис і внесіть його знову.',
  'clock.resend': 'Виправити час і надіслати знову',
  'outbox.rejectedOnly': '{n} відхилено — торкніться, щоб виправити',
  'conflict.triage': 'Конфлікт сортування',
  'conflict.precedence': 'Конфлікт терміновості',
  'conflict.value': '{value} ({author}, {time})',
  'store.use': 'На телефоні: {n} поранених · {used} з {budget} МБ',
  'gps.fix': 'GPS ±{acc} м, {age} с тому',
  'clock.hm': '{h} год {m} хв',
  'clock.m': '{m} хв',
  'clock.use': 'Використати правильний час ({time})',
  'clock.cannotSet': 'Застосунок не може змінити годинник телефона. Один дотик — і він ще раз звіряє час і показує правильний час тут: записуйте час на джгуті й картці із застосунку, а не з рядка стану телефона.',
  'clock.now': 'Правильний час {time}',
  'clock.phone': 'годинник телефона {time} ({dir} на {d})',
  'clock.slowWord': 'відстає',
  'clock.fastWord': 'поспішає',
  'clock.unchanged': 'Годинник телефона не змінено. Щоб виправити: Налаштування › Дата й час › автоматично.',
  'clock.jumped': 'Годинник телефона щойно змінили на {d}: застосунок зберіг правильний час.',
  'refused.400': 'Сервер не може прийняти цей запис у такому вигляді.',
  'refused.403': 'Вам не дозволено вносити це до цієї картки.',
  'refused.409': 'Цей ідентифікатор на сервері вже зайнятий іншими даними. Внесіть запис знову як новий.',
  'refused.413': 'Запис завеликий для сервера.',
  'refused.words': 'Відповідь сервера:',
  'refused.anew': 'Внести знову як новий',
  'refused.anewDone': 'Поранений {id} (записів: {n}): внесено знову як новий, картка {copy}',
  'refused.anewBadge': 'внесено знову як новий: картка {copy}',
  'refused.relayed': 'уже на сервері від медика',
  'failure.offline': 'Телефон без зв’язку.',
  'failure.unreachable': 'Не вдалося зв’язатися із сервером.',
  'failure.signIn': 'Щоб надіслати, увійдіть знову.',
  'failure.notYet': 'Деякі записи спираються на ті, яких ще немає на сервері.',
  'failure.busy': 'Сервер перевантажений.',
  'failure.refused': 'Сервер не прийняв записи ({status}).',
  'failure.server': 'Помилка на сервері ({status}).',
  'failure.other': 'Записи не вдалося надіслати.',
  'failure.wait': 'Вони чекають на телефоні й підуть пізніше.',
  'failure.words': 'Подробиці:',
};

/** This feature's strings in the current language (the shared lookup of i18n-table.ts). */
export const ts = strings(en, uk);

/** Why the server refused a record for good (SYNC-14), in the medic's language; records set aside before the status was kept were 400s. */
export const refusalText = (status = 400): string => ts(`refused.${[403, 409, 413].includes(status) ? status : 400}` as SyncKey);
/** Whether sending a refused record again, its time corrected, can be accepted: only a record refused as it is (400). */
export const resendCanHelp = (status = 400): boolean => ![403, 409, 413].includes(status);
/** Whether recording a refused record again under new ids can help: its id is taken on the server (409). */
export const anewCanHelp = (status = 400): boolean => status === 409;
/** Why the last send failed, in the medic's language (the words it came with are shown apart, as a detail). */
export const failureText = (f: SendFailure): string => `${ts(`failure.${f.kind}`, { status: f.status ?? '' })} ${ts('failure.wait')}`;

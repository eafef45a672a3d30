// Strings of the hand-over by code (issue 17), in both languages; same keys.
import { strings } from '../i18n-table.ts';

export const en = {
  'ho.show': 'Hand over (code)',
  'ho.title': 'Hand-over code',
  'ho.help': 'Let the receiving medic scan this code: the casualty and every record pass with no network.',
  'ho.size': '{n} bytes, signed by this phone',
  'ho.print': 'Print tag',
  'ho.scan': 'Scan a hand-over code',
  'ho.scanHelp': 'Point the camera at the code, or pick a photo of it.',
  'ho.camera': 'Use camera',
  'ho.photo': 'Photo of the code',
  'ho.paste': 'Or paste the code text',
  'ho.read': 'Read',
  'ho.verified': 'Received by hand-over, verified',
  'ho.unverified': 'Received by hand-over, NOT verified: kept apart, not sent',
  'ho.unverifiedTodo': "This device did not have the sender's key. Keep it signed in and online for a minute before the next scan: it then verifies codes offline.",
  'ho.refused': 'Refused: the code is damaged or its signature does not match. Scan it again; if refused again, take the details from the sender.',
  'ho.from': 'from {device} ({author}), {n} records, read in {ms} ms',
  'ho.noCode': 'No code found in the picture',
  'ho.tag': 'Casualty tag',
  'ho.injured': 'Injured',
  'ho.tq': 'Tourniquets',
  'ho.none': 'none',
} as const;
export type HoKey = keyof typeof en;

export const uk: Record<HoKey, string> = {
  'ho.show': 'Передати (код)',
  'ho.title': 'Код передачі',
  'ho.help': 'Дайте медику, що приймає, відсканувати цей код: поранений і всі записи передаються без мережі.',
  'ho.size': '{n} байт, підписано цим телефоном',
  'ho.print': 'Друкувати бирку',
  'ho.scan': 'Сканувати код передачі',
  'ho.scanHelp': 'Наведіть камеру на код або виберіть його фото.',
  'ho.camera': 'Камера',
  'ho.photo': 'Фото коду',
  'ho.paste': 'Або вставте текст коду',
  'ho.read': 'Прочитати',
  'ho.verified': 'Отримано передачею, підпис перевірено',
  'ho.unverified': 'Отримано передачею, підпис НЕ перевірено: збережено окремо, не надсилається',
  'ho.unverifiedTodo': 'Цей пристрій не мав ключа відправника. Перед наступним скануванням побудьте в мережі й у системі хвилину: далі він перевіряє коди без мережі.',
  'ho.refused': 'Відхилено: код пошкоджено або підпис не збігається. Відскануйте ще раз; якщо знову відхилено, візьміть дані у відправника.',
  'ho.from': 'від {device} ({author}), записів: {n}, прочитано за {ms} мс',
  'ho.noCode': 'На зображенні немає коду',
  'ho.tag': 'Бирка пораненого',
  'ho.injured': 'Поранено',
  'ho.tq': 'Турнікети',
  'ho.none': 'немає',
};

/** This feature's strings in the current language (the shared lookup of i18n-table.ts). */
export const th = strings(en, uk);

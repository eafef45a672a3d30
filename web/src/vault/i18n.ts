// Strings of the PIN lock (issue 17), in both languages; same keys.
import { strings } from '../i18n-table.ts';

export const en = {
  'vault.setup': 'Choose a PIN for this phone',
  'vault.setupHelp': 'Everything the app stores — casualties, records waiting to be sent, your sign-in — is encrypted with a key made from this PIN. The app stores nothing before it is set. Without the PIN a captured phone shows nothing; the PIN cannot be recovered.',
  'vault.newPin': 'New PIN (6+ digits)',
  'vault.repeatPin': 'The same PIN again',
  'vault.set': 'Set PIN',
  'vault.tooShort': 'At least 6 digits',
  'vault.mismatch': 'The two PINs differ',
  'vault.alarmTq': 'Tourniquet time — unlock to see',
  'vault.alarmReassess': 'Reassessment due — unlock to see',
  'vault.locked': 'Locked',
  'vault.pin': 'PIN',
  'vault.unlock': 'Unlock',
  'vault.lock': 'Lock',
  'vault.wrong': 'Wrong PIN: {n} tries left',
  'vault.sealed': 'Too many wrong PINs. Records not yet sent stay encrypted on this phone.',
  'vault.wiped': 'Too many wrong PINs: this phone’s data was deleted (everything had been sent).',
  'vault.working': 'Checking…',
  'vault.revokedWiped': 'An administrator revoked this phone: its data was deleted (everything had been sent).',
  'vault.revokedSealed': 'An administrator revoked this phone. Records not yet sent stay encrypted on it; it can no longer send them.',
} as const;
export type VaultKey = keyof typeof en;

export const uk: Record<VaultKey, string> = {
  'vault.setup': 'Оберіть PIN для цього телефона',
  'vault.setupHelp': 'Усе, що зберігає застосунок, — поранені, записи, що чекають на надсилання, ваш вхід — шифрується ключем із цього PIN-коду. До цього застосунок нічого не зберігає. Без PIN-коду захоплений телефон нічого не покаже; відновити PIN неможливо.',
  'vault.newPin': 'Новий PIN (від 6 цифр)',
  'vault.repeatPin': 'Той самий PIN ще раз',
  'vault.set': 'Встановити PIN',
  'vault.tooShort': 'Щонайменше 6 цифр',
  'vault.mismatch': 'PIN-коди не збігаються',
  'vault.alarmTq': 'Час джгута — розблокуйте, щоб побачити',
  'vault.alarmReassess': 'Час повторного огляду — розблокуйте, щоб побачити',
  'vault.locked': 'Заблоковано',
  'vault.pin': 'PIN',
  'vault.unlock': 'Розблокувати',
  'vault.lock': 'Заблокувати',
  'vault.wrong': 'Хибний PIN: залишилось спроб — {n}',
  'vault.sealed': 'Забагато хибних PIN-кодів. Ненадіслані записи лишаються зашифрованими на телефоні.',
  'vault.wiped': 'Забагато хибних PIN-кодів: дані телефона видалено (усе було надіслано).',
  'vault.working': 'Перевірка…',
  'vault.revokedWiped': 'Адміністратор відкликав цей телефон: його дані видалено (усе було надіслано).',
  'vault.revokedSealed': 'Адміністратор відкликав цей телефон. Ненадіслані записи лишаються на ньому зашифрованими; надіслати їх він більше не може.',
};

/** This feature's strings in the current language (the shared lookup of i18n-table.ts). */
export const tv = strings(en, uk);

// Strings of the PIN lock (issue 17), in both languages; same keys.
import { strings } from '../i18n-table.ts';

export const en = {
  'vault.setup': 'Protect casualty data with a PIN',
  'vault.setupHelp': 'Everything this phone stores is then encrypted; without the PIN a captured phone shows nothing.',
  'vault.newPin': 'New PIN (at least 6 digits)',
  'vault.set': 'Set PIN',
  'vault.tooShort': 'At least 6 digits',
  'vault.locked': 'Locked',
  'vault.pin': 'PIN',
  'vault.unlock': 'Unlock',
  'vault.lock': 'Lock',
  'vault.wrong': 'Wrong PIN: {n} tries left',
  'vault.sealed': 'Too many wrong PINs. Records not yet sent stay encrypted on this phone.',
  'vault.wiped': 'Too many wrong PINs: this phone’s data was deleted (everything had been sent).',
  'vault.working': 'Checking…',
} as const;
export type VaultKey = keyof typeof en;

export const uk: Record<VaultKey, string> = {
  'vault.setup': 'Захистити дані поранених PIN-кодом',
  'vault.setupHelp': 'Усе, що зберігає телефон, буде зашифровано; без PIN-коду захоплений телефон нічого не покаже.',
  'vault.newPin': 'Новий PIN (щонайменше 6 цифр)',
  'vault.set': 'Встановити PIN',
  'vault.tooShort': 'Щонайменше 6 цифр',
  'vault.locked': 'Заблоковано',
  'vault.pin': 'PIN',
  'vault.unlock': 'Розблокувати',
  'vault.lock': 'Заблокувати',
  'vault.wrong': 'Хибний PIN: залишилось спроб — {n}',
  'vault.sealed': 'Забагато хибних PIN-кодів. Ненадіслані записи лишаються зашифрованими на телефоні.',
  'vault.wiped': 'Забагато хибних PIN-кодів: дані телефона видалено (усе було надіслано).',
  'vault.working': 'Перевірка…',
};

/** This feature's strings in the current language (the shared lookup of i18n-table.ts). */
export const tv = strings(en, uk);

// Forms with unsaved input mark themselves dirty: the update prompt never reloads over them.
import { secret, setSecret } from './vault/vault.ts';

const forms = new Set<string>();
export const setDirty = (form: string, dirty: boolean): void => void (dirty ? forms.add(form) : forms.delete(form));
export const isDirty = (): boolean => forms.size > 0;
export const clearDirty = (): void => forms.clear();

/**
 * A form's input not yet recorded, kept sealed in the vault under `name` (and the form dirty) until recorded or
 * emptied: leaving the card, a reload or a crash loses nothing typed. Nothing is kept while the vault is locked.
 */
export function draft<T>(name: string, form: string): { kept: T | null; keep(v: T | null): void } {
  let kept: T | null = null;
  try {
    kept = JSON.parse(secret(`draft.${name}`) ?? 'null') as T | null;
  } catch {
    /* unreadable: nothing kept */
  }
  setDirty(form, kept !== null);
  return {
    kept,
    keep(v) {
      setDirty(form, v !== null);
      try {
        setSecret(`draft.${name}`, v === null ? null : JSON.stringify(v));
      } catch {
        /* locked: kept on screen only */
      }
    },
  };
}

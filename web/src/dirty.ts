// Forms with unsaved input mark themselves dirty: the update prompt never reloads over them.
const forms = new Set<string>();
export const setDirty = (form: string, dirty: boolean): void => void (dirty ? forms.add(form) : forms.delete(form));
export const isDirty = (): boolean => forms.size > 0;
export const clearDirty = (): void => forms.clear();

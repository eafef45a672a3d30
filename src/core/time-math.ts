// Instants as numbers, apart from time.ts (which holds the schemas) so that the plan thread loads them without zod.
export const toMs = (iso: string): number => Date.parse(iso);
export const minutesBetween = (fromIso: string, toIso: string): number => (toMs(toIso) - toMs(fromIso)) / 60_000;
export const addMinutes = (iso: string, min: number): string => new Date(toMs(iso) + min * 60_000).toISOString();

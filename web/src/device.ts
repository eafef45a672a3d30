// This device's identity and the user's settings, kept in localStorage.
import { uuidv7 } from '../../src/core/index.ts';
import { currentUser } from './api.ts';
import { secret, setSecret } from './vault/vault.ts';

const get = (k: string): string | null => globalThis.localStorage?.getItem(k) ?? null;

export function deviceId(): string {
  let id = get('gh.device');
  if (!id) {
    id = `web-${uuidv7().slice(-12)}`;
    localStorage.setItem('gh.device', id);
  }
  return id;
}
/** The author of new events: the signed-in user (the server requires it), else the name set on this device. */
export const author = (): string => currentUser()?.username ?? (secret('author') || 'medic');
/** The author's name is sealed with the rest (web/src/vault). */
export const setAuthor = (a: string): void => setSecret('author', a.trim().slice(0, 64));
export const tileUrl = (): string => get('gh.tiles') ?? '';
export const setTileUrl = (u: string): void => localStorage.setItem('gh.tiles', u.trim());
export const soundOn = (): boolean => get('gh.sound') !== 'off';
export const setSound = (on: boolean): void => localStorage.setItem('gh.sound', on ? 'on' : 'off');

// Casualty data sealed at rest (issue 17): once the user sets a PIN, every outbox row's content (events, errors,
// hand-over marks) is stored AES-GCM encrypted under a key derived from the PIN (PBKDF2-SHA-256, 600,000 iterations);
// the key lives only in memory. The app locks after 5 minutes idle or on a tap; 5 wrong PINs wipe the phone's data
// when everything was sent, else keep it sealed.
const KEY = 'gh.vault';
const ITERATIONS = 600_000;
export const IDLE_LOCK_MS = 5 * 60_000;
export const MAX_TRIES = 5;
const CHECK = 'golden-hour-vault';

interface VaultState {
  salt: string;
  check: Sealed;
  failures: number;
}
export interface Sealed {
  iv: string;
  data: string;
}

const b64 = (b: Uint8Array): string => btoa(String.fromCharCode(...b));
const unb64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

let key: CryptoKey | null = null;
const listeners = new Set<() => void>();
export const onVault = (f: () => void): void => void listeners.add(f);
const emit = (): void => listeners.forEach((f) => f());

function state(): VaultState | null {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? 'null') as VaultState | null;
  } catch {
    return null;
  }
}
/** A PIN was set: data is sealed. */
export const enabled = (): boolean => state() !== null;
export const locked = (): boolean => enabled() && key === null;
export const failures = (): number => state()?.failures ?? 0;

async function derive(pin: string, salt: Uint8Array): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations: ITERATIONS }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

async function sealWith(k: CryptoKey, value: unknown): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, k, new TextEncoder().encode(JSON.stringify(value))));
  return { iv: b64(iv), data: b64(data) };
}
async function openWith<T>(k: CryptoKey, box: Sealed): Promise<T> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: unb64(box.iv) as BufferSource }, k, unb64(box.data) as BufferSource);
  return JSON.parse(new TextDecoder().decode(plain)) as T;
}

export class LockedError extends Error {
  constructor() {
    super('locked');
  }
}
export async function seal(value: unknown): Promise<Sealed> {
  if (!key) throw new LockedError();
  return sealWith(key, value);
}
export async function unseal<T>(box: Sealed): Promise<T> {
  if (!key) throw new LockedError();
  return openWith<T>(key, box);
}

/** Set the PIN (first time): from now on rows are sealed. */
export async function setPin(pin: string): Promise<void> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const k = await derive(pin, salt);
  localStorage.setItem(KEY, JSON.stringify({ salt: b64(salt), check: await sealWith(k, CHECK), failures: 0 } satisfies VaultState));
  key = k;
  emit();
}

/**
 * Try a PIN. Wrong MAX_TRIES times in a row: `wipe` is called when nothing is waiting to be sent (it deletes the
 * phone's data), else the data stays sealed. Returns whether it unlocked.
 */
export async function unlock(pin: string, wipe: () => Promise<boolean>): Promise<'unlocked' | 'wrong' | 'wiped' | 'sealed'> {
  const s = state();
  if (!s) return 'unlocked';
  const k = await derive(pin, unb64(s.salt));
  try {
    if ((await openWith<string>(k, s.check)) !== CHECK) throw new Error('check');
  } catch {
    const n = s.failures + 1;
    localStorage.setItem(KEY, JSON.stringify({ ...s, failures: n }));
    if (n < MAX_TRIES) return 'wrong';
    return (await wipe()) ? 'wiped' : 'sealed';
  }
  localStorage.setItem(KEY, JSON.stringify({ ...s, failures: 0 }));
  key = k;
  emit();
  return 'unlocked';
}

export function lock(): void {
  if (!enabled() || !key) return;
  key = null;
  emit();
}

/** Forget the vault (after a wipe). */
export function forgetVault(): void {
  key = null;
  localStorage.removeItem(KEY);
  emit();
}

let idle: ReturnType<typeof setTimeout> | undefined;
/** Lock after IDLE_LOCK_MS without a touch or a key. */
export function startIdleLock(): void {
  const poke = (): void => {
    clearTimeout(idle);
    idle = setTimeout(lock, IDLE_LOCK_MS);
  };
  for (const ev of ['pointerdown', 'keydown'] as const) document.addEventListener(ev, poke, { passive: true });
  poke();
}

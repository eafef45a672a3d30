// Everything the app stores is sealed from the first byte (issue 17): the phone asks for a PIN before it stores
// anything (the gate in ui.ts), and every outbox row, the sign-in credential and the user's name are kept AES-GCM
// encrypted under a key derived from that PIN (PBKDF2-SHA-256, 600,000 iterations); the key lives only in memory.
// In the clear stay only what holds no casualty data and no credential: this vault's salt and check, the device id,
// language and clock settings, the count of unsent records (for the wipe rule) and the alarm times (alarm.ts).
// The app locks after 5 minutes idle or on a tap; 5 wrong PINs wipe the phone's data when everything was sent,
// else keep it sealed.
const KEY = 'gh.vault';
const SECRETS = 'gh.secrets';
const ITERATIONS = 600_000;
export const IDLE_LOCK_MS = 5 * 60_000;
export const MAX_TRIES = 5;
const CHECK = 'golden-hour-vault';
/** Values the previous version kept in the clear: sealed (and removed) at the first unlock. */
const LEGACY: Record<string, string> = { 'gh.token': 'token', 'gh.user': 'user', 'gh.author': 'author', 'gh.acked': 'acked' };

interface VaultState {
  salt: string;
  check: Sealed;
  failures: number;
}
export interface Sealed {
  iv: string;
  data: string;
}

const b64 = (b: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
};
const unb64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

let key: CryptoKey | null = null;
/** The sealed key-value settings (credential, user, cursors), open only while unlocked. */
let secrets: Record<string, string> | null = null;
/** Bumped by a wipe: a sealed write started before it must not bring the data back. */
let generation = 0;
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
/** A PIN was set on this phone (without one, the app stores nothing and shows only the PIN setup). */
export const enabled = (): boolean => state() !== null;
export const locked = (): boolean => !enabled() || key === null;
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

// ---- sealed settings ----------------------------------------------------------------------------------------------
/** A sealed setting, or null (also while locked). */
export const secret = (name: string): string | null => secrets?.[name] ?? null;
let writing: Promise<void> = Promise.resolve();
function persistSecrets(): void {
  const k = key;
  const snapshot = { ...secrets };
  const gen = generation;
  if (!k) return;
  writing = writing.then(async () => {
    const box = await sealWith(k, snapshot);
    if (gen === generation) localStorage.setItem(SECRETS, JSON.stringify(box));
  }).catch(() => undefined);
}
/** Set (or with null, remove) a sealed setting. Throws while locked: nothing is ever written in the clear. */
export function setSecret(name: string, value: string | null): void {
  if (!secrets || !key) throw new LockedError();
  if (value === null) secrets = Object.fromEntries(Object.entries(secrets).filter(([n]) => n !== name));
  else secrets[name] = value;
  persistSecrets();
}
async function openSecrets(k: CryptoKey): Promise<void> {
  const raw = localStorage.getItem(SECRETS);
  let s: Record<string, string> = {};
  try {
    if (raw) s = await openWith<Record<string, string>>(k, JSON.parse(raw) as Sealed);
  } catch {
    s = {}; // unreadable: start empty rather than lock the user out
  }
  let adopted = false;
  for (const [clear, name] of Object.entries(LEGACY)) {
    const v = localStorage.getItem(clear);
    if (v === null) continue;
    s[name] ??= v;
    localStorage.removeItem(clear);
    adopted = true;
  }
  for (const clear of Object.keys(localStorage).filter((n) => n.startsWith('gh.pull.'))) {
    s[`pull.${clear.slice(8)}`] ??= localStorage.getItem(clear) ?? '0';
    localStorage.removeItem(clear);
    adopted = true;
  }
  key = k;
  secrets = s;
  if (adopted) persistSecrets();
}

/** Set this phone's PIN (first time): from now on the app stores, sealed. */
export async function setPin(pin: string): Promise<void> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const k = await derive(pin, salt);
  localStorage.setItem(KEY, JSON.stringify({ salt: b64(salt), check: await sealWith(k, CHECK), failures: 0 } satisfies VaultState));
  await openSecrets(k);
  emit();
}

/**
 * Try a PIN. Wrong MAX_TRIES times in a row: `wipe` is called, which deletes the phone's data only when nothing is
 * waiting to be sent (else the data stays sealed).
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
  await openSecrets(k);
  emit();
  return 'unlocked';
}

export function lock(): void {
  if (!key) return;
  key = null;
  secrets = null;
  emit();
}

/** Forget the vault and its sealed settings (after a wipe): the next start asks for a new PIN. */
export function forgetVault(): void {
  generation++;
  key = null;
  secrets = null;
  localStorage.removeItem(KEY);
  localStorage.removeItem(SECRETS);
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

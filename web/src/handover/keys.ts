// This device's signing key (issue 17): an ECDSA P-256 pair made on the phone, the private half never exportable,
// kept in its own IndexedDB; the public half registered with the server once signed in. Other devices' public keys
// come with every sync and are kept, so a hand-over code is verified with no network.
import { exportPublicKey, newDeviceKeys } from '../../../src/interop/handover/code.ts';
import { api, hasToken } from '../api.ts';
import { deviceId } from '../device.ts';

const DB = 'golden-hour-keys';
const KNOWN = 'gh.keys';
const REGISTERED = 'gh.key.registered';

function db(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore('keys');
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('indexedDB open failed'));
  });
}
const req = <T>(r: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('indexedDB request failed'));
  });

let pair: Promise<CryptoKeyPair> | null = null;
/** This device's key pair, made on first use. */
export function deviceKeys(): Promise<CryptoKeyPair> {
  pair ??= (async () => {
    const d = await db();
    const have = (await req(d.transaction('keys').objectStore('keys').get('device'))) as CryptoKeyPair | undefined;
    if (have) return have;
    const made = await newDeviceKeys();
    await req(d.transaction('keys', 'readwrite').objectStore('keys').put(made, 'device'));
    localStorage.removeItem(REGISTERED);
    return made;
  })();
  return pair;
}

/** Register the public key with the server (once per device and user), then keep everyone's keys. */
export async function syncKeys(): Promise<void> {
  if (!hasToken()) return;
  const me = deviceId();
  let refused: unknown = null;
  if (localStorage.getItem(REGISTERED) !== me) {
    try {
      const publicKey = await exportPublicKey((await deviceKeys()).publicKey);
      const { item } = await api<{ item: { id: string } }>('/api/device-keys', { body: { publicKey } });
      // This browser's id was taken by another user's key: the server named ours with a fresh id. It is this
      // browser's from now on (its codes' signer, its events' device, its next sign-in).
      if (item.id !== me) localStorage.setItem('gh.device', item.id);
      localStorage.setItem(REGISTERED, item.id);
    } catch (e) {
      refused = e; // this phone's own key refused (a user at the most keys allowed): it still learns everyone's
    }
  }
  const { items } = await api<{ items: { id: string; publicKey: string }[] }>('/api/device-keys');
  localStorage.setItem(KNOWN, JSON.stringify(Object.fromEntries(items.map((k) => [k.id, k.publicKey]))));
  if (refused) throw refused;
}

/** The public key of a device, as last synced (undefined: not known on this phone). */
export function knownKey(device: string): string | undefined {
  try {
    return (JSON.parse(localStorage.getItem(KNOWN) ?? '{}') as Record<string, string>)[device];
  } catch {
    return undefined;
  }
}

/** Forget this device's key pair and everyone's keys (a wipe). */
export async function forgetKeys(): Promise<void> {
  pair = null;
  localStorage.removeItem(KNOWN);
  localStorage.removeItem(REGISTERED);
  await new Promise<void>((resolve) => {
    const r = indexedDB.deleteDatabase(DB);
    r.onsuccess = r.onerror = r.onblocked = () => resolve();
  });
}

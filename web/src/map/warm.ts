// The map is not in the service worker's install (issue 16): a role whose screens hold one (the field's 9-line
// position picker, the console) asks for it as soon as it is signed in, so the phone has it offline before it is
// first opened. Other roles fetch it on first use. Kept apart from map.ts so that MapLibre is not loaded here.
import { viewsFor } from '../roles.ts';

let asked: string | null = null;

export function warmMap(role: string | undefined): void {
  if (!role || asked === role || !('serviceWorker' in navigator) || import.meta.env.DEV) return;
  if (!viewsFor(role).some((v) => v === 'field' || v === 'console')) return;
  asked = role;
  void navigator.serviceWorker.ready.then((reg) => reg.active?.postMessage({ type: 'CACHE_MAP' }));
}

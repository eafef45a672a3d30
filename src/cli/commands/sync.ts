// goldenhour sync --from URL --to URL — copy one server's events into another (field box ⇄ rear), resumable.
import { resolve } from 'node:path';
import { parseArgs, int, str } from '../args.ts';
import { UsageError } from '../config.ts';
import { FilePeerState, httpRemote, relay } from '../../sync/http.ts';

const USAGE = `Usage: goldenhour sync --from URL --to URL [--both] [--loop SECONDS] [--state FILE] [--batch N]

Pulls every event the FROM server lets this caller see (by its sequence cursor) and pushes it to the TO server
(idempotent: an event already there is a duplicate, never a copy). --both also copies TO → FROM. The cursors are
kept in --state (default ./data/sync-state.json), written only after the receiving server acknowledged, so an
interrupted sync resumes where it stopped. --loop repeats every SECONDS until interrupted (a link that comes and
goes is retried).
Tokens: $FROM_TOKEN and $TO_TOKEN (a "peer" user or device credential on each server; see goldenhour user add).`;

export async function syncCommand(argv: string[]): Promise<number> {
  const p = parseArgs(argv, ['from', 'to', 'loop', 'state', 'batch'], ['both']);
  if (p.flags.has('help')) return console.log(USAGE), 0;
  const fromUrl = str(p, 'from');
  const toUrl = str(p, 'to');
  if (!fromUrl || !toUrl) throw new UsageError(USAGE);
  const loop = int(p, 'loop', 0, 0, 86_400);
  const batch = int(p, 'batch', 500, 1, 1000);
  const state = new FilePeerState(resolve(str(p, 'state') ?? './data/sync-state.json'));
  const a = httpRemote(fromUrl, process.env.FROM_TOKEN);
  const b = httpRemote(toUrl, process.env.TO_TOKEN);
  let stop = false;
  process.once('SIGINT', () => (stop = true));
  process.once('SIGTERM', () => (stop = true));
  for (;;) {
    try {
      const r1 = await relay(a, b, state, batch);
      console.log(`${a.id} → ${b.id}: ${r1.copied} events sent, ${r1.accepted} new`);
      if (p.flags.has('both')) {
        const r2 = await relay(b, a, state, batch);
        console.log(`${b.id} → ${a.id}: ${r2.copied} events sent, ${r2.accepted} new`);
      }
    } catch (e) {
      console.error(`sync failed: ${(e as Error).message}`);
      if (!loop) return 1;
    }
    if (!loop || stop) return 0;
    await new Promise((r) => setTimeout(r, loop * 1000));
    if (stop) return 0;
  }
}

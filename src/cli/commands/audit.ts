// goldenhour audit verify|tail — the hash-chained audit log.
import { parseArgs, int, str } from '../args.ts';
import { UsageError, loadConfig } from '../config.ts';
import { openTrust, trustTarget } from '../../auth/trust.ts';

const USAGE = `Usage:
  goldenhour audit verify [--expect SEQ:HASH]   recompute the chain; exit 1 on any altered, reordered or deleted entry
  goldenhour audit tail [--n 20]                 the last entries

verify prints the head (SEQ:HASH). Keep a copy elsewhere (paper, another server): passing it back with --expect
also detects a rewrite of the whole chain.`;

export async function auditCommand(argv: string[]): Promise<number> {
  const p = parseArgs(argv, ['expect', 'n']);
  if (p.flags.has('help')) return console.log(USAGE), 0;
  const [sub] = p.positional;
  const trust = await openTrust(trustTarget(loadConfig()));
  try {
    if (sub === 'verify') {
      const e = str(p, 'expect');
      let expect: { seq: number; hash: string } | undefined;
      if (e) {
        const m = /^(\d+):([0-9a-f]{64})$/.exec(e);
        if (!m) throw new UsageError('--expect must be SEQ:HASH as printed by audit verify');
        expect = { seq: Number(m[1]), hash: m[2]! };
      }
      const r = await trust.audit.verify(expect);
      for (const x of r.problems) console.log(`TAMPERED: ${x}`);
      console.log(`${r.ok ? 'OK' : 'FAILED'}: ${r.entries} entries; head ${r.head.seq}:${r.head.hash}`);
      return r.ok ? 0 : 1;
    }
    if (sub === 'tail') {
      const n = int(p, 'n', 20, 1, 10_000);
      const head = (await trust.audit.verify()).head.seq;
      for (const x of await trust.audit.entries(Math.max(0, head - n), n))
        console.log(`${x.seq}\t${x.at}\t${x.actor}\t${x.deviceId ?? '-'}\t${x.action}\t${x.target ?? ''}\t${JSON.stringify(x.detail)}`);
      return 0;
    }
    throw new UsageError(USAGE);
  } finally {
    await trust.close();
  }
}

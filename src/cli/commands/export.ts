import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs, int, str } from '../args.ts';
import type { Command } from '../command.ts';
import { UsageError, loadConfig, openMigratedStore } from '../config.ts';
import { processReader } from '../../log/read.ts';

export const exportCommand: Command = {
  name: 'export',
  summary: 'write the event log as NDJSON (stdout or --out FILE)',
  usage: `Usage: goldenhour export [--out FILE] [--after SEQ]

Writes every casualty event, in sequence order, one JSON object per line (NDJSON). The lines are the events as
submitted (no server sequence numbers), so \`goldenhour import\` can load them into any Golden Hour database.

Options:
  --out FILE     write to FILE instead of stdout
  --after SEQ    only events after this sequence number (default 0: all)
  -h, --help     show this help`,
  async run(argv) {
    const p = parseArgs(argv, ['out', 'after']);
    if (p.flags.has('help')) return console.log(this.usage), 0;
    if (p.positional.length) throw new UsageError(`export takes no positional arguments (use --out FILE)`);
    const outPath = str(p, 'out');
    let cursor = int(p, 'after', 0);
    const store = await openMigratedStore(loadConfig());
    const out: Writable = outPath ? createWriteStream(outPath) : process.stdout;
    let count = 0;
    try {
      const reader = processReader({ store });
      for (;;) {
        const page = await reader.eventsAfter(cursor, 1000);
        for (const { seq: _seq, receivedAt: _received, ...event } of page.events) {
          if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, 'drain');
          count++;
        }
        if (page.scanned === 0) break;
        cursor = page.next;
      }
    } finally {
      await store.close();
      if (outPath) {
        out.end();
        await once(out, 'finish');
      }
    }
    process.stderr.write(`exported ${count} events${outPath ? ` to ${outPath}` : ''}\n`);
    return 0;
  },
};

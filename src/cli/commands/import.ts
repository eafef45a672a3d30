import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CasualtyEvent } from '../../core/index.ts';
import { parseEvent } from '../../core/index.ts';
import { parseArgs, int } from '../args.ts';
import type { Command } from '../command.ts';
import { UsageError, loadConfig, openMigratedStore } from '../config.ts';
import { processLog } from '../../log/service.ts';
import { LogError } from '../../log/errors.ts';
import { createMemoryBus } from '../../storage/bus.ts';
import { progressBar } from '../progress.ts';

const MAX_REPORTED = 50;

export const importCommand: Command = {
  name: 'import',
  summary: 'load an NDJSON event log (idempotent)',
  usage: `Usage: goldenhour import FILE [--skip-invalid] [--batch N]

Reads casualty events, one JSON object per line (the format of \`goldenhour export\`; "-" reads stdin), validates
every line with the core event schema and appends them. Events already stored (same id) are skipped, so importing
the same file twice changes nothing. When any line is invalid, its line number and field are reported and nothing
is imported (unless --skip-invalid). A progress bar is drawn on stderr when it is a terminal.

Options:
  --skip-invalid   import the valid lines even when some are invalid (exit code 1 all the same)
  --batch N        events per transaction (default 500)
  -h, --help       show this help`,
  async run(argv) {
    const p = parseArgs(argv, ['batch'], ['skip-invalid']);
    if (p.flags.has('help')) return console.log(this.usage), 0;
    const [file, ...extra] = p.positional;
    if (!file || extra.length) throw new UsageError(`import takes one FILE (see goldenhour import --help)`);
    const batchSize = int(p, 'batch', 500, 1, 1000);
    const skipInvalid = p.flags.has('skip-invalid');

    const input = file === '-' ? process.stdin : createReadStream(file);
    const opened = new Promise<void>((resolve, reject) => {
      if (file === '-') resolve();
      input.once('open', () => resolve());
      input.once('error', reject);
    });
    try {
      await opened;
    } catch (err) {
      throw new UsageError(`cannot read ${file}: ${(err as Error).message}`, 1);
    }
    const events: CasualtyEvent[] = [];
    const bad: string[] = [];
    let lineNo = 0;
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      lineNo++;
      if (line.trim() === '') continue;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (err) {
        bad.push(`line ${lineNo}: not JSON (${(err as Error).message})`);
        continue;
      }
      if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
        // Accept the server's stored form too (GET /api/events): drop its sequence fields.
        const { seq: _seq, receivedAt: _received, ...rest } = raw as Record<string, unknown>;
        raw = rest;
      }
      const r = parseEvent(raw);
      if (r.success) events.push(r.data);
      else {
        const i = r.error.issues[0]!;
        bad.push(`line ${lineNo}: ${i.path.join('.') || '(event)'}: ${i.message}${r.error.issues.length > 1 ? ` (+${r.error.issues.length - 1} more)` : ''}`);
      }
    }
    if (bad.length) {
      for (const b of bad.slice(0, MAX_REPORTED)) process.stderr.write(`${b}\n`);
      if (bad.length > MAX_REPORTED) process.stderr.write(`… and ${bad.length - MAX_REPORTED} more invalid lines\n`);
      process.stderr.write(`${bad.length} invalid line${bad.length > 1 ? 's' : ''} in ${file}\n`);
      if (!skipInvalid) {
        process.stderr.write('nothing imported (fix the lines, or use --skip-invalid)\n');
        return 1;
      }
    }
    const store = await openMigratedStore(loadConfig());
    let accepted = 0;
    let duplicates = 0;
    let rejected = 0;
    const tick = progressBar('', 'events');
    try {
      // The same door as every other writer: time checks, correction rules and the audit entry apply to imports too.
      const door = processLog({ store, bus: createMemoryBus() }, 'import', { file });
      for (let i = 0; i < events.length; i += batchSize) {
        let batch = events.slice(i, i + batchSize);
        for (let attempt = 0; batch.length; attempt++) {
          try {
            const r = await door.record(batch);
            accepted += r.accepted;
            duplicates += r.duplicates;
            break;
          } catch (err) {
            if (!(err instanceof LogError)) throw err;
            const refused = new Set(err.issues.map((x) => Number(/^events\.(\d+)/.exec(x.path)?.[1])).filter((n) => Number.isInteger(n)));
            for (const x of err.issues.slice(0, MAX_REPORTED)) process.stderr.write(`event ${batch[Number(/^events\.(\d+)/.exec(x.path)?.[1])]?.id ?? '?'}: ${x.path}: ${x.message}\n`);
            if (err.issues.length === 0) process.stderr.write(`${err.message}\n`);
            rejected += refused.size || batch.length;
            if (!skipInvalid || refused.size === 0 || attempt > 3) {
              process.stderr.write('nothing more imported (fix the events, or use --skip-invalid)\n');
              return 1;
            }
            batch = batch.filter((_e, k) => !refused.has(k));
          }
        }
        tick(Math.min(i + batchSize, events.length), events.length);
      }
    } finally {
      await store.close();
    }
    process.stderr.write(`imported ${accepted} new events, ${duplicates} already present${bad.length ? `, ${bad.length} invalid lines skipped` : ''}${rejected ? `, ${rejected} events refused` : ''}\n`);
    return bad.length || rejected ? 1 : 0;
  },
};

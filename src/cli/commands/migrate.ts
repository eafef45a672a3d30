import { parseArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { UsageError, describeDatabase, loadConfig, migrationsSaid, openConfiguredStore } from '../config.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply pending database migrations and exit',
  usage: `Usage: goldenhour migrate

Applies the pending versioned SQL migrations to the configured database (SQLite under DATA_DIR, or PostgreSQL
when DATABASE_URL is set), then exits. \`serve\` does the same on start.

Options:
  -h, --help     show this help`,
  async run(argv) {
    const p = parseArgs(argv, []);
    if (p.flags.has('help')) return console.log(this.usage), 0;
    if (p.positional.length) throw new UsageError('migrate takes no arguments');
    const config = loadConfig();
    const store = await openConfiguredStore(config);
    try {
      const applied = await store.migrate();
      console.log(`${describeDatabase(config)}: ${migrationsSaid(applied)}`);
    } finally {
      await store.close();
    }
    return 0;
  },
};

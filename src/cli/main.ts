// `goldenhour`: the command-line entry point (bin/goldenhour.js, `npm start` = `goldenhour serve`).
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Command } from './command.ts';

/**
 * THE COMMAND TABLE, in the order `goldenhour --help` lists them. A command's module is imported only when that
 * command runs (`goldenhour --help` must not load the server). It exports either a Command (the built-ins) or a
 * function `(argv: string[]) => Promise<number>` (the exit code) that handles its own --help. A command whose file
 * does not exist yet is left out of the help and answers "not available". To add one: write the file, add a row.
 */
const COMMANDS: { name: string; file: string; exportName: string; summary: string }[] = [
  { name: 'serve', file: './commands/serve.ts', exportName: 'serveCommand', summary: 'migrate the database, then serve the API and web app (what `npm start` runs)' },
  { name: 'migrate', file: './commands/migrate.ts', exportName: 'migrateCommand', summary: 'apply pending database migrations and exit' },
  { name: 'export', file: './commands/export.ts', exportName: 'exportCommand', summary: 'write the event log as NDJSON (stdout or --out FILE)' },
  { name: 'import', file: './commands/import.ts', exportName: 'importCommand', summary: 'load an NDJSON event log (idempotent)' },
  { name: 'demo', file: './commands/demo.ts', exportName: 'demoCommand', summary: 'load a scenario (facilities, vehicles, threat zones, units, a few casualties) into the database' },
  { name: 'sim', file: './commands/sim.ts', exportName: 'simCommand', summary: 'run the evacuation simulator on a scenario (dispatch policies)' },
  { name: 'radio', file: './commands/radio.ts', exportName: 'radioCommand', summary: 'radio / voice 9-line tools (interop)' },
  { name: 'user', file: './commands/user.ts', exportName: 'userCommand', summary: 'manage users (`user add`)' },
  { name: 'device', file: './commands/device.ts', exportName: 'deviceCommand', summary: 'enrol and revoke devices (`device enroll`)' },
  { name: 'audit', file: './commands/audit.ts', exportName: 'auditCommand', summary: 'verify the hash-chained audit log (`audit verify`)' },
  { name: 'sync', file: './commands/sync.ts', exportName: 'syncCommand', summary: 'replicate between two servers (`sync --from URL --to URL`)' },
  { name: 'staff', file: './commands/staff.ts', exportName: 'staffCommand', summary: 'medical workforce registry: `staff import FILE`, `staff export`, `staff synthetic`' },
  { name: 'claims', file: './commands/claims.ts', exportName: 'claimsCommand', summary: 'claims ledger: import the public loss datasets (`claims import`)' },
];

const commandUrl = (file: string): URL => new URL(file, import.meta.url);
const available = (file: string): boolean => existsSync(commandUrl(file));

function help(): string {
  const rows = COMMANDS.filter((c) => available(c.file)).map((c) => [c.name, c.summary] as const);
  const w = Math.max(...rows.map(([n]) => n.length)) + 2;
  return `Golden Hour — casualty care and evacuation, from the point of injury to an outcome.

Usage: goldenhour <command> [options]     (goldenhour <command> --help for details)

Commands:
${rows.map(([n, s]) => `  ${n.padEnd(w)}${s}`).join('\n')}

Environment:
  PORT           port of the HTTP server (default 8080)
  HOST           address to listen on (default 127.0.0.1: loopback only)
  DATA_DIR       directory of the embedded SQLite database (default ./data)
  DATABASE_URL   use PostgreSQL at this URL instead of SQLite`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest[0]) return main([rest[0], '--help']);
    console.log(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    const { VERSION } = await import('../server/app.ts');
    console.log(VERSION);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command) {
    if (!available(command.file)) {
      console.error(`goldenhour ${name}: not available in this build yet (${command.summary})`);
      return 2;
    }
    // A computed specifier: the module may not exist when this file is type-checked.
    const mod = (await import(pathToFileURL(commandUrl(command.file).pathname).href)) as Record<string, unknown>;
    const entry = mod[command.exportName];
    if (typeof entry === 'function') return (entry as (argv: string[]) => Promise<number>)(rest);
    if (entry && typeof (entry as Command).run === 'function') return (entry as Command).run(rest);
    throw new Error(`${command.file} does not export ${command.exportName}`);
  }
  console.error(`goldenhour: unknown command "${name}"\n`);
  console.error(help());
  return 2;
}

const isEntry = (() => {
  const entry = process.argv[1];
  if (!entry) return false;
  const here = new URL(import.meta.url).pathname;
  return entry === here || entry.endsWith('/bin/goldenhour.js') || entry.endsWith('/bin/goldenhour') || /[\\/]src[\\/]cli[\\/]main\.ts$/.test(entry);
})();

if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      // UsageError (config.ts) by name: importing it here would load the storage layer for every command.
      if (err instanceof Error && err.name === 'UsageError') {
        console.error(`goldenhour: ${err.message}`);
        process.exitCode = (err as Error & { exitCode: number }).exitCode;
      } else {
        console.error(err);
        process.exitCode = 1;
      }
    },
  );
}

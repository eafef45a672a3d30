// `goldenhour`: the command-line entry point (bin/goldenhour.js, `npm start` = `goldenhour serve`).
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Command } from './command.ts';
import { UsageError } from './config.ts';
import { demoCommand } from './commands/demo.ts';
import { exportCommand } from './commands/export.ts';
import { importCommand } from './commands/import.ts';
import { migrateCommand } from './commands/migrate.ts';
import { serveCommand } from './commands/serve.ts';

/** THE COMMAND TABLE. Built-in commands, in the order `goldenhour --help` lists them. */
const COMMANDS: Command[] = [serveCommand, migrateCommand, exportCommand, importCommand, demoCommand];

/**
 * Commands that other parts of the project add. Each is a file under src/cli/commands/ exporting a function
 * `(argv: string[]) => Promise<number>` (the exit code) that handles its own --help. The CLI works before the file
 * exists: the command is then listed as not available. To add one: write the file and add a row here.
 */
const OPTIONAL: { name: string; file: string; exportName: string; summary: string }[] = [
  { name: 'sim', file: './commands/sim.ts', exportName: 'simCommand', summary: 'run the evacuation simulator on a scenario (dispatch policies)' },
  { name: 'radio', file: './commands/radio.ts', exportName: 'radioCommand', summary: 'radio / voice 9-line tools (interop)' },
  { name: 'user', file: './commands/user.ts', exportName: 'userCommand', summary: 'manage users (`user add`)' },
  { name: 'device', file: './commands/device.ts', exportName: 'deviceCommand', summary: 'enrol and revoke devices (`device enroll`)' },
  { name: 'audit', file: './commands/audit.ts', exportName: 'auditCommand', summary: 'verify the hash-chained audit log (`audit verify`)' },
  { name: 'sync', file: './commands/sync.ts', exportName: 'syncCommand', summary: 'replicate between two servers (`sync --from URL --to URL`)' },
  { name: 'staff', file: './commands/staff.ts', exportName: 'staffCommand', summary: 'medical workforce registry: `staff import FILE`, `staff export`, `staff synthetic`' },
];

const optionalUrl = (file: string): URL => new URL(file, import.meta.url);
const available = (file: string): boolean => existsSync(optionalUrl(file));

function help(): string {
  const rows = [
    ...COMMANDS.map((c) => [c.name, c.summary] as const),
    ...OPTIONAL.filter((o) => available(o.file)).map((o) => [o.name, o.summary] as const),
  ];
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
  if (command) return command.run(rest);
  const optional = OPTIONAL.find((o) => o.name === name);
  if (optional) {
    if (!available(optional.file)) {
      console.error(`goldenhour ${name}: not available in this build yet (${optional.summary})`);
      return 2;
    }
    // A computed specifier: the module may not exist when this file is type-checked.
    const mod = (await import(pathToFileURL(optionalUrl(optional.file).pathname).href)) as Record<string, unknown>;
    const fn = mod[optional.exportName];
    if (typeof fn !== 'function') throw new Error(`${optional.file} does not export ${optional.exportName}(argv)`);
    return (fn as (argv: string[]) => Promise<number>)(rest);
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
      if (err instanceof UsageError) {
        console.error(`goldenhour: ${err.message}`);
        process.exitCode = err.exitCode;
      } else {
        console.error(err);
        process.exitCode = 1;
      }
    },
  );
}

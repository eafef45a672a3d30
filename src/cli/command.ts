// The shape of one `goldenhour` command.
export interface Command {
  name: string;
  /** One line for `goldenhour --help`. */
  summary: string;
  /** The full `goldenhour <name> --help` text. */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}

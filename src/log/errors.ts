// Why the casualty log refused a batch. The server maps these to its error shape; other writers report them.
export interface LogIssue {
  path: string;
  message: string;
}

export type LogErrorCode = 'bad_request' | 'forbidden' | 'not_found' | 'conflict';
const STATUS: Record<LogErrorCode, 400 | 403 | 404 | 409> = { bad_request: 400, forbidden: 403, not_found: 404, conflict: 409 };

export class LogError extends Error {
  override name = 'LogError';
  readonly code: LogErrorCode;
  readonly status: 400 | 403 | 404 | 409;
  readonly issues: LogIssue[];
  constructor(code: LogErrorCode, message: string, issues: LogIssue[] = []) {
    super(message);
    this.code = code;
    this.status = STATUS[code];
    this.issues = issues;
  }
}

export const refuse = (issues: LogIssue[], what = 'invalid event batch'): LogError =>
  new LogError('bad_request', `${what}: ${issues[0]!.path}: ${issues[0]!.message}`, issues);

/** zod issues → ours, each path prefixed (e.g. "events.2") and joined with dots; unknown keys are named. */
export function zodIssues(error: { issues: readonly { code: string; path: readonly PropertyKey[]; message: string }[] }, prefix: (string | number)[] = []): LogIssue[] {
  const out: LogIssue[] = [];
  for (const i of error.issues) {
    const extra = i.code === 'unrecognized_keys' ? ((i as { keys?: string[] }).keys ?? []) : [];
    const base = [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (extra.length) for (const k of extra) out.push({ path: [...base, k].join('.'), message: `unknown field "${k}"` });
    else out.push({ path: base.length ? base.join('.') : 'body', message: i.message });
  }
  return out;
}

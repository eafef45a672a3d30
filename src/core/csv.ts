// The one CSV codec (RFC 4180): quoted fields may hold commas, doubled quotes and line breaks (Oryx's type names
// do). Pure and isomorphic: the dataset importers, the workforce registry, the exports and the web dashboard all use
// it. Rows carry the line they start on, so an importer can say where a problem is; an unterminated quote is refused.

/** A row of cells and the 1-based line of the text it starts on (a quoted cell may span lines). */
export interface CsvRow {
  line: number;
  cells: string[];
}

/** The text is not CSV: a quoted field never closes. `line` is where that field's row starts. */
export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

/**
 * Parse CSV text into rows with their line numbers. A leading byte-order mark is skipped; CRLF, LF and a lone CR
 * all end a row (and count as one line); blank lines are not rows (a row of one empty cell is written `""`).
 * With `maxRows`, parsing stops once that many rows are read: a caller with a limit learns it is passed (ask for one
 * more than the limit) without parsing the rest.
 */
export function parseCsvRows(text: string, maxRows = Infinity): CsvRow[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let any = false; // the row has a separator or a quote, so even an empty cell makes it a row
  let line = 1;
  let start = 1;
  const breakAt = (i: number): number => (src[i] === '\r' && src[i + 1] === '\n' ? 2 : src[i] === '\n' || src[i] === '\r' ? 1 : 0);
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
        continue;
      }
      const br = breakAt(i);
      if (br) line++;
      cell += br === 2 ? '\r\n' : ch;
      i += br === 2 ? 1 : 0;
      continue;
    }
    const br = breakAt(i);
    if (br) {
      cells.push(cell);
      if (any || cell !== '') rows.push({ line: start, cells });
      if (rows.length >= maxRows) return rows;
      cells = [];
      cell = '';
      any = false;
      i += br - 1;
      start = ++line;
    } else if (ch === '"' && cell === '') quoted = any = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
      any = true;
    } else cell += ch;
  }
  if (quoted) throw new CsvSyntaxError(start, 'a quoted field is never closed (unterminated quote)');
  if (any || cell !== '') {
    cells.push(cell);
    rows.push({ line: start, cells });
  }
  return rows;
}

/** Parse CSV text into rows of fields (see parseCsvRows). */
export const parseCsv = (text: string): string[][] => parseCsvRows(text).map((r) => r.cells);

/** Rows as objects keyed by the header row. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

export type Cell = string | number | boolean | null | undefined;

/**
 * One field, quoted when it needs it. With `formulaSafe` (the default, for files a person opens in a spreadsheet)
 * text starting with = + - @ or a tab/CR gets an apostrophe in front: a casualty's free text must never execute.
 * Codecs that must read back exactly what they wrote (the workforce registry) pass false.
 */
export function csvField(v: Cell, formulaSafe = true): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (formulaSafe && typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  // A leading byte-order mark is quoted too: at the start of a file the reader would take it for the file's mark.
  return /^\ufeff|[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One record (without its line break). A record of one empty field is `""`, so it is not read as a blank line. */
export function csvLine(cells: readonly Cell[], formulaSafe = true): string {
  const line = cells.map((c) => csvField(c, formulaSafe)).join(',');
  return line === '' && cells.length === 1 ? '""' : line;
}

/** Whole CSV text: CRLF after every record (RFC 4180). `parseCsv(toCsv(rows, false))` gives `rows` back. */
export function toCsv(rows: readonly (readonly Cell[])[], formulaSafe = true): string {
  return rows.map((r) => csvLine(r, formulaSafe) + '\r\n').join('');
}

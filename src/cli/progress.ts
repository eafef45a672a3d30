// One progress bar for the long CLI commands (event import, staff import, claims import): drawn on a terminal only,
// so piped output and logs stay clean; redrawn in place with "\r" when the whole percent changes.

/** Where the bar goes: stderr by default; tests pass their own writer. */
export interface Terminal {
  isTTY?: boolean;
  write(text: string): unknown;
}

const WIDTH = 30;

/** One line of the bar: `label [#####.....]  42% 420/1000 unit`. */
export function barLine(label: string, unit: string, done: number, total: number): string {
  const pct = total ? Math.floor((Math.min(done, total) / total) * 100) : 100;
  const fill = Math.round((pct / 100) * WIDTH);
  const text = `[${'#'.repeat(fill)}${'.'.repeat(WIDTH - fill)}] ${String(pct).padStart(3)}% ${done}/${total}${unit ? ` ${unit}` : ''}`;
  return label ? `${label} ${text}` : text;
}

/** A progress callback: draws when the percent moves, ends the line at done === total; silent when not a terminal. */
export function progressBar(label: string, unit: string, out: Terminal = process.stderr): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    if (out.isTTY !== true) return;
    const pct = total ? Math.floor((Math.min(done, total) / total) * 100) : 100;
    if (pct === last && done < total) return;
    last = pct;
    out.write(`\r${barLine(label, unit, done, total)}`);
    if (done >= total) out.write('\n');
  };
}

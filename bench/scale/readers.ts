// Live-stream readers for the scale bench, in a process of their own (bench/scale/main.ts starts it), so that the
// server's event loop is measured, not the bench's 200 SSE parsers beside it. argv: base; on stdin as JSON the
// readers' credentials, how many streams (four a credential) and how many notes to wait for. Prints `{"open":n}`
// once every stream is open, `{"all":true}` once `want` notes arrived; on SIGTERM `{"lat":[…]}` (ms from each
// note's `t=` stamp to its arrival), then exits.
import { openStream } from './drive.ts';

const base = process.argv[2]!;
const input = await new Promise<string>((ok) => {
  let s = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d: string) => (s += d));
  process.stdin.on('end', () => ok(s));
});
const { tokens, streams, want } = JSON.parse(input) as { tokens: string[]; streams: number; want: number };
const lat: number[] = [];
const closers = await Promise.all(Array.from({ length: streams }, (_, i) => openStream(base, tokens[Math.floor(i / 4)]!, (data) => {
  const m = /"text":"t=(\d+)"/.exec(data);
  if (!m) return;
  lat.push(Date.now() - Number(m[1]));
  if (lat.length === want) console.log(JSON.stringify({ all: true }));
})));
console.log(JSON.stringify({ open: closers.length }));
process.on('SIGTERM', () => {
  for (const c of closers) c();
  process.stdout.write(`${JSON.stringify({ lat })}\n`, () => process.exit(0));
});

// `npm run bench:interop [DIR] [--json]`: bytes per casualty for the ways Golden Hour can send one casualty —
// our radio codec (compact 9-line + MIST ≤ 48 B, card summary ≤ 225 B, and its SMS text form) vs CoT XML (raw and
// deflated with fflate), TAK protobuf (stream-framed) and a FHIR R4 document Bundle (JSON, raw and deflated) —
// over every casualty of every scenario in DIR (default examples/scenarios). Scenario casualties carry a position,
// time, mechanism, litter/civilian flags and an RPM score; a plausible 9-line + MIST is synthesised for each
// (src/interop/sample.ts: severity from RPM).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'fflate';
import { sampleCasualty, scenarioMechanism } from '../src/interop/sample.ts';
import { cardFromState, encodeRadio, toText } from '../src/interop/radio/index.ts';
import { casualtyMarker } from '../src/interop/cot/out.ts';
import { frameStream } from '../src/interop/tak/framing.ts';
import { casualtyBundle } from '../src/interop/fhir/bundle.ts';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--')) ?? resolve(import.meta.dirname, '../examples/scenarios');
const asJson = args.includes('--json');
const START = Date.parse('2026-03-01T06:00:00Z');

interface ScenarioCasualty {
  id: string;
  atMin: number;
  pos: [number, number];
  rpm?: number;
  litter?: boolean;
  civilian?: boolean;
  mechanism?: string;
}
const severity = (rpm: number | undefined): number =>
  rpm === undefined ? 2 : rpm <= 4 ? 3 : rpm <= 8 ? 2 : rpm <= 10 ? 1 : 0;

const FORMATS = [
  'radio compact',
  'radio compact SMS text',
  'radio card',
  'radio card SMS text',
  'CoT XML',
  'CoT XML deflated',
  'TAK protobuf',
  'FHIR JSON',
  'FHIR JSON deflated',
] as const;
type Fmt = (typeof FORMATS)[number];
const sizes = new Map<Fmt, number[]>(FORMATS.map((f) => [f, []]));
const perScenario: Record<
  string,
  { casualties: number; compactDrops: number; cardDrops: number; means: Partial<Record<Fmt, number>> }
> = {};
const enc = new TextEncoder();

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const sc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { name: string; casualties: ScenarioCasualty[] };
  const local = new Map<Fmt, number[]>(FORMATS.map((f) => [f, []]));
  let compactDrops = 0;
  let cardDrops = 0;
  for (const c of sc.casualties) {
    const injuredAt = new Date(START + c.atMin * 60_000).toISOString();
    const { state, events } = sampleCasualty({
      seed: `${sc.name}:${c.id}`,
      position: { lat: c.pos[0], lon: c.pos[1] },
      injuredAt,
      mechanism: scenarioMechanism(c.mechanism),
      ...(c.litter !== undefined ? { litter: c.litter } : {}),
      ...(c.civilian !== undefined ? { civilian: c.civilian } : {}),
      severity: severity(c.rpm),
    });
    const now = new Date(Date.parse(injuredAt) + 30 * 60_000).toISOString();
    const card = cardFromState(state);
    const compact = encodeRadio(card, 'compact');
    const full = encodeRadio(card, 'card');
    if (compact.dropped.length) compactDrops++;
    if (full.dropped.length) cardDrops++;
    const cot = casualtyMarker(state, { now })!;
    const xml = enc.encode(cot.to_xml());
    const fhir = enc.encode(JSON.stringify(casualtyBundle(state, events, { now })));
    const row: Record<Fmt, number> = {
      'radio compact': compact.bytes.length,
      'radio compact SMS text': toText(compact.bytes).length,
      'radio card': full.bytes.length,
      'radio card SMS text': toText(full.bytes).length,
      'CoT XML': xml.length,
      'CoT XML deflated': deflateSync(xml, { level: 9 }).length,
      'TAK protobuf': frameStream(cot, 'protobuf').length,
      'FHIR JSON': fhir.length,
      'FHIR JSON deflated': deflateSync(fhir, { level: 9 }).length,
    };
    for (const f of FORMATS) {
      sizes.get(f)!.push(row[f]);
      local.get(f)!.push(row[f]);
    }
  }
  const mean = (xs: number[]): number => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
  perScenario[sc.name] = {
    casualties: sc.casualties.length,
    compactDrops,
    cardDrops,
    means: Object.fromEntries(FORMATS.map((f) => [f, mean(local.get(f)!)])),
  };
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    n: s.length,
    min: s[0] ?? 0,
    median: s[Math.floor(s.length / 2)] ?? 0,
    mean: Math.round(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)),
    max: s[s.length - 1] ?? 0,
  };
};
const overall = Object.fromEntries(FORMATS.map((f) => [f, stats(sizes.get(f)!)]));
if (asJson) {
  console.log(JSON.stringify({ overall, perScenario }, null, 2));
} else {
  const compactMean = overall['radio compact']!.mean;
  console.log(
    `Bytes per casualty, ${overall['radio compact']!.n} casualties from ${Object.keys(perScenario).length} scenarios (${dir})\n`,
  );
  console.log(
    `${'format'.padEnd(22)}${['min', 'median', 'mean', 'max', '× compact'].map((h) => h.padStart(10)).join('')}`,
  );
  for (const f of FORMATS) {
    const s = overall[f]!;
    console.log(
      `${f.padEnd(22)}${[s.min, s.median, s.mean, s.max].map((x) => String(x).padStart(10)).join('')}${(s.mean / compactMean).toFixed(1).padStart(10)}`,
    );
  }
  console.log('\nPer scenario (means; casualties whose message needed drops to fit):');
  for (const [name, s] of Object.entries(perScenario)) {
    console.log(
      `  ${name.padEnd(24)} n=${String(s.casualties).padEnd(4)} compact ${s.means['radio compact']} B (drops ${s.compactDrops}), card ${s.means['radio card']} B (drops ${s.cardDrops}), CoT ${s.means['CoT XML']} B / ${s.means['CoT XML deflated']} B deflated, protobuf ${s.means['TAK protobuf']} B, FHIR ${s.means['FHIR JSON']} B`,
    );
  }
}

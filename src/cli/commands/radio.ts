// `goldenhour radio encode|decode`: the radio codec (src/interop/radio) for mesh radio, SMS and voice relay.
import { readFileSync } from 'node:fs';
import { fold, parseEvent } from '../../core/index.ts';
import type { CasualtyEvent } from '../../core/index.ts';
import {
  cardFromState,
  decodeRadio,
  encodeRadio,
  fromText,
  radioToNineLine,
  toText,
  toVoice,
  RadioDecodeError,
  RadioEncodeError,
  MAX_BYTES,
  DROP_ORDER,
} from '../../interop/radio/index.ts';
import type { RadioCard, Form } from '../../interop/radio/index.ts';
import { readStdin } from './cli-io.ts';

export const RADIO_USAGE = `Usage: goldenhour radio encode [FILE|-] [--form compact|card] [--out text|hex|voice|json]
       goldenhour radio decode [MESSAGE|-] [--hex]

encode  reads a casualty log (a JSON array of events, or {"events": [...]}) or a radio card (JSON) and prints it
        as a radio message: compact = 9-line + MIST in ≤ ${MAX_BYTES.compact} bytes, card = casualty-card summary in
        ≤ ${MAX_BYTES.card} bytes. Default output: the text form for SMS ("GH…-<check>"); fields dropped to fit are
        listed on stderr (order: ${DROP_ORDER.map((d) => d.name).join(', ')}).
decode  reads a text form (GH…) or, with --hex, the bytes in hex, and prints the casualty as JSON.
Exit codes: 0 ok, 1 usage error, 2 not a valid message / cannot encode.`;

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

async function input(arg: string | undefined): Promise<string> {
  if (arg === undefined || arg === '-') return readStdin();
  return arg;
}

function cardFromJson(raw: unknown): RadioCard {
  const list = Array.isArray(raw)
    ? raw
    : raw && typeof raw === 'object' && Array.isArray((raw as { events?: unknown }).events)
      ? (raw as { events: unknown[] }).events
      : null;
  if (!list) return raw as RadioCard;
  const events: CasualtyEvent[] = list.map((e, i) => {
    const r = parseEvent(e);
    if (!r.success)
      throw new RadioEncodeError(`event ${i}: ${r.error.issues[0]?.path.join('.')} ${r.error.issues[0]?.message}`);
    return r.data;
  });
  if (!events.length) throw new RadioEncodeError('no events');
  const id = events[0]!.casualtyId;
  const now = events
    .map((e) => e.at)
    .sort()
    .at(-1)!;
  return cardFromState(fold(id, events, now));
}

export async function radioCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || rest.includes('--help')) {
    console.log(RADIO_USAGE);
    return sub ? 0 : 1;
  }
  const flag = (name: string): string | undefined => {
    const i = rest.indexOf(name);
    if (i < 0) return undefined;
    const v = rest[i + 1];
    rest.splice(i, 2);
    return v;
  };
  try {
    if (sub === 'encode') {
      const form = (flag('--form') ?? 'compact') as Form;
      const out = flag('--out') ?? 'text';
      if (!['compact', 'card'].includes(form) || !['text', 'hex', 'voice', 'json'].includes(out) || rest.length > 1) {
        console.error(RADIO_USAGE);
        return 1;
      }
      const src = rest[0] && rest[0] !== '-' ? readFileSync(rest[0], 'utf8') : await readStdin();
      const enc = encodeRadio(cardFromJson(JSON.parse(src)), form);
      if (enc.dropped.length) console.error(`dropped to fit ${MAX_BYTES[form]} bytes: ${enc.dropped.join(', ')}`);
      const text = toText(enc.bytes);
      if (out === 'text') console.log(text);
      else if (out === 'hex') console.log(hex(enc.bytes));
      else if (out === 'voice') console.log(toVoice(text));
      else
        console.log(
          JSON.stringify(
            { bytes: enc.bytes.length, hex: hex(enc.bytes), text, dropped: enc.dropped, sent: enc.sent },
            null,
            2,
          ),
        );
      return 0;
    }
    if (sub === 'decode') {
      const isHex = rest.includes('--hex');
      const args = rest.filter((a) => a !== '--hex');
      if (args.length > 1) {
        console.error(RADIO_USAGE);
        return 1;
      }
      const raw = (await input(args[0])).trim();
      let bytes: Uint8Array;
      if (isHex) {
        if (!/^([0-9a-fA-F]{2})+$/.test(raw)) throw new RadioDecodeError('not hex bytes');
        bytes = Uint8Array.from(raw.match(/../g)!.map((h) => parseInt(h, 16)));
      } else bytes = fromText(raw);
      const d = decodeRadio(bytes);
      const nineLine = d.card.nineLine ? radioToNineLine(d.card.nineLine) : null;
      console.log(
        JSON.stringify({ version: d.version, form: d.form, bytes: bytes.length, card: d.card, nineLine }, null, 2),
      );
      return 0;
    }
    console.error(RADIO_USAGE);
    return 1;
  } catch (e) {
    if (e instanceof RadioDecodeError || e instanceof RadioEncodeError || e instanceof SyntaxError) {
      console.error(`radio ${sub}: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

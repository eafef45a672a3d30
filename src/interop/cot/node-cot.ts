// The one door to @tak-ps/node-cot. The package publishes its TypeScript sources as its types, and those do not
// compile under this project's strict settings (tsc would check them as part of our program), so it is loaded
// here by a specifier TypeScript does not resolve, and typed by the subset of its API that Golden Hour uses.
// The runtime is node-cot itself: every CoT XML and TAK protobuf message is written and parsed by it.

export interface CoTEventAttributes {
  version?: string;
  uid: string;
  type: string;
  how?: string;
  time: string;
  start: string;
  stale: string;
  [attribute: string]: string | undefined;
}

export interface CoTPointAttributes {
  lat: number | string;
  lon: number | string;
  hae: number | string;
  ce: number | string;
  le: number | string;
}

/** node-cot's xml-js "compact" tree of one CoT event. */
export interface CoTRaw {
  event: {
    _attributes: CoTEventAttributes;
    point: { _attributes: CoTPointAttributes };
    detail?: Record<string, unknown>;
  };
}

export interface CoT {
  raw: CoTRaw;
  metadata: Record<string, unknown>;
  to_xml(): string;
  to_proto(version?: number): Uint8Array;
  uid(uid?: string): string;
  callsign(callsign?: string): string;
}

export interface CoTConstructor {
  /** Parse CoT XML (string or Buffer) or wrap an xml-js tree; validates it against node-cot's schema. */
  new (cot: Buffer | string | CoTRaw): CoT;
  /** Parse a TAK protocol v1 TakMessage (protobuf payload, without framing). */
  from_proto(raw: Uint8Array, version?: number): CoT;
}

const specifier: string = '@tak-ps/node-cot';
const mod = (await import(specifier)) as { default: CoTConstructor; ForceDelete: new (uid: string) => CoT };

export const CoT: CoTConstructor = mod.default;
/** node-cot's t-x-d-d delete of a marker uid (with `__forcedelete`). */
export const ForceDelete: new (uid: string) => CoT = mod.ForceDelete;
export default CoT;

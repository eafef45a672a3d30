// A test's clock zone, set for the call and put back after: the unit tests share one process (scripts/unit-tests.ts),
// so a zone set at a file's top would hold for every file after it.
export function inZone<T>(tz: string, f: () => T): T {
  const was = process.env.TZ;
  process.env.TZ = tz; // Node re-reads the zone on assignment
  try {
    return f();
  } finally {
    if (was === undefined) delete process.env.TZ;
    else process.env.TZ = was;
  }
}

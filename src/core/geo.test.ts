import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { toMgrs, fromMgrs, normaliseMgrs, haversineKm, KM_PER_DEGREE_LAT, Mgrs, mgrsSquareM, placeOfMgrs, positionText, GridPosition } from './geo.ts';
import { uuidv7, Uuid } from './ids.ts';

describe('MGRS', () => {
  it('formats a known point in 37U with 1 m digits', () => {
    // 37.9993 E is in UTM zone 37 (36–42 E), 48.6 N in band U (48–56 N); the 100 km square there is DP.
    const s = toMgrs({ lat: 48.5953, lon: 37.9993 })!;
    assert.match(s, /^37U DP \d{5} \d{5}$/);
  });
  it('round-trips to within 1.5 m', () => {
    fc.assert(
      fc.property(fc.double({ min: 44, max: 52, noNaN: true }), fc.double({ min: 22, max: 40, noNaN: true }), (lat, lon) => {
        const back = fromMgrs(toMgrs({ lat, lon })!);
        assert.ok(haversineKm({ lat, lon }, back) < 0.0015);
      }),
    );
  });
  it('normalises typed input and rejects what is not MGRS', () => {
    assert.equal(normaliseMgrs('37u dp 12345 67890'), '37UDP1234567890');
    assert.equal(normaliseMgrs('37UDP123456789'), null);
    assert.equal(normaliseMgrs('hello'), null);
    assert.equal(Mgrs.safeParse('37UDP 1234 5678').success, true);
    assert.equal(Mgrs.safeParse('99ZZZ').success, false);
  });
});

describe('a place typed to an MGRS square', () => {
  it('is read back as the square typed, never as a 1 m grid at its centre', () => {
    // The review's case: "37U DP 12 34" (a 1 km square) was shown everywhere after as "37U DP 12500 34499".
    const typed = '37U DP 12 34';
    const p = placeOfMgrs(typed);
    assert.equal(mgrsSquareM(typed), 1000);
    assert.equal(positionText(p), typed);
    assert.equal(positionText({ lat: p.lat, lon: p.lon }), toMgrs(p), 'without its grid: exact, 10 digits');
    assert.equal(positionText(placeOfMgrs('37u dp 12345 67890')), '37U DP 12345 67890');
    // Any place, any square (a square cut by a zone's or band's edge too, whose centre lies outside it): the grid
    // typed is what every reader sees, and the stored place validates.
    fc.assert(
      fc.property(fc.double({ min: -79, max: 83, noNaN: true }), fc.double({ min: -179.9, max: 179.9, noNaN: true }), fc.integer({ min: 0, max: 5 }), (lat, lon, digits) => {
        const grid = toMgrs({ lat, lon }, digits)!;
        assert.equal(mgrsSquareM(grid), 10 ** (5 - digits));
        const place = GridPosition.parse(JSON.parse(JSON.stringify(placeOfMgrs(grid))));
        assert.equal(positionText(place), grid);
      }),
    );
    assert.equal(GridPosition.safeParse({ ...p, grid: '37UDP1235' }).success, false, 'a grid that is not the place');
    assert.equal(GridPosition.safeParse({ ...p, grid: '37u dp 12 34' }).success, false, 'stored normalised');
    assert.equal(mgrsSquareM('not a grid'), null);
    // A zone that does not exist passes the pattern and threw in the library (a 500 for a 9-line): refused.
    assert.equal(GridPosition.safeParse({ lat: 50, lon: 37, grid: '61UDP1234' }).success, false);
  });
});

describe('haversine', () => {
  it('matches a hand-computed distance: 1 degree of latitude ≈ 111.2 km', () => {
    assert.ok(Math.abs(haversineKm({ lat: 48, lon: 37 }, { lat: 49, lon: 37 }) - 111.195) < 0.01);
  });
});

describe('uuidv7', () => {
  it('is a valid v7 UUID, unique and sortable by creation', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7());
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual([...ids].sort(), ids);
    for (const id of ids.slice(0, 50)) {
      assert.equal(Uuid.safeParse(id).success, true);
      assert.equal(id[14], '7');
    }
  });
});

describe('the latitude bound of the haversine distance', () => {
  it('never exceeds the distance, with the margin the planner skips by (issue 16)', () => {
    const pos = fc.record({ lat: fc.double({ min: -89, max: 89, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) });
    fc.assert(
      fc.property(pos, pos, (a, b) => {
        assert.ok(Math.abs(a.lat - b.lat) * KM_PER_DEGREE_LAT * (1 - 1e-9) - 1e-9 <= haversineKm(a, b), `${JSON.stringify([a, b])}`);
      }),
      { numRuns: 20_000 },
    );
    // Along a meridian the bound is the distance.
    assert.ok(Math.abs(KM_PER_DEGREE_LAT - haversineKm({ lat: 48, lon: 37 }, { lat: 49, lon: 37 })) < 1e-9);
  });
});

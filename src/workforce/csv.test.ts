// The registry CSV codec: any record survives export then import (property), and problems name line and field.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CLINICIAN_STATUSES, ClinicianRecord, PROFESSIONS } from '../core/index.ts';
import { parseCsvRows } from '../core/csv.ts';
import { CSV_COLUMNS, readRegistryCsv, toCsv } from './csv.ts';

const text = fc.string({ unit: fc.constantFrom('a', 'Я', ' ', ',', '"', '\n', 'é', '✚', 'x', '\r\n'), minLength: 1, maxLength: 20 }).filter((s) => s.trim() === s && s.trim().length > 0 && !/[;|]/.test(s));
const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const record = fc.record({
  id: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/),
  name: text,
  profession: fc.constantFrom(...PROFESSIONS),
  specialties: fc.uniqueArray(fc.constantFrom(...PROFESSIONS), { maxLength: 3 }),
  credentials: fc.array(fc.record({ profession: fc.constantFrom(...PROFESSIONS), level: fc.integer({ min: 1, max: 4 }), verifier: text, expires: fc.option(day, { nil: undefined }) }, { requiredKeys: ['profession', 'level', 'verifier'] }), { maxLength: 3 }),
  training: fc.array(fc.record({ course: text, weeks: fc.integer({ min: 0, max: 300 }), date: day }), { maxLength: 3 }),
  experienceYears: fc.integer({ min: 0, max: 60 }),
  casesLast12Months: fc.integer({ min: 0, max: 5000 }),
  languages: fc.uniqueArray(fc.constantFrom('uk', 'en', 'pl', 'de'), { maxLength: 3 }),
  status: fc.constantFrom(...CLINICIAN_STATUSES),
  home: fc.option(fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) }), { nil: undefined }),
  availability: fc.array(fc.tuple(fc.integer({ min: 1.6e12, max: 1.9e12 }), fc.integer({ min: 1, max: 1e9 })).map(([a, d]) => ({ from: new Date(a).toISOString(), to: new Date(a + d).toISOString() })), { maxLength: 2 }),
}, { requiredKeys: ['id', 'name', 'profession', 'specialties', 'credentials', 'training', 'experienceYears', 'casesLast12Months', 'languages', 'status', 'availability'] }).map((r) => ClinicianRecord.parse(r));

describe('registry CSV', () => {
  it('export then import gives back every record and site (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.tuple(record, fc.option(fc.constantFrom('r2-a', 'unit.7'), { nil: null })), { selector: ([r]) => r.id, maxLength: 5 }), async (rows) => {
        const csv = toCsv(rows.map(([record, site]) => ({ record, site })));
        const back = await readRegistryCsv(csv);
        assert.deepEqual(back.issues, []);
        const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;
        assert.deepEqual(plain(back.rows.map((r) => [r.record, r.site])), plain(rows));
      }),
      { numRuns: 200 },
    );
  });

  it('reports each bad row by line and field; quoted cells may span lines', async () => {
    const header = CSV_COLUMNS.join(',');
    const good = 'n1,"Nurse, ""Olya""\nsecond line",nurse,,,,2,5,uk,mobilised,,,,';
    const csv = [header, good, 'n2,B,nurse,,nurse|9|MoH,,x,5,uk,mobilised,,,,', 'n1,C,nurse,,,,,,uk,mobilised,,,,', 'n4,D,nurse,,,,,,uk', 'n5,E,nurse,,,,,,uk,retired,91,,,'].join('\n');
    const r = await readRegistryCsv(csv);
    assert.equal(r.rows.length, 1);
    assert.equal(r.rows[0]!.record.name, 'Nurse, "Olya"\nsecond line');
    assert.deepEqual(r.issues.map((i) => `${i.line}:${i.field}`), ['4:credentials.0.level', '4:experience_years', '5:id', '6:row', '7:status', '7:home_lat', '7:home_lon']);
    assert.deepEqual(parseCsvRows('a,b\r\n\r\nc,"d"\n').map((x) => x.cells), [['a', 'b'], ['c', 'd']]);
    assert.match((await readRegistryCsv('id,name\n')).issues[0]!.message, /missing column/);
  });
});

describe('registry CSV through the one codec', () => {
  it('an unterminated quote is one issue on the line where its row starts, not a row of garbage', async () => {
    const header = CSV_COLUMNS.join(',');
    const csv = [header, 'n1,A,nurse,,,,2,5,uk,mobilised,,,,', 'n2,"B,nurse,,,,2,5,uk,mobilised,,,,', 'n3,C,nurse,,,,2,5,uk,mobilised,,,,'].join('\n');
    assert.deepEqual((await readRegistryCsv(csv)).issues, [{ line: 3, field: 'row', message: 'a quoted cell is never closed (unterminated quote)' }]);
  });
});

// Two casualties of one name on the dispatcher's board, plan and map read as one casualty shown twice (a dispatcher's
// review, session 48): a name others share is told apart by the end of the casualty's id; a unique one is as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleName, sharedNames } from '../src/console/data.ts';

test('a name two casualties share carries each id\'s end on the console; a unique name, or a casualty with none, does not', () => {
  const a = { casualtyId: '019a0000-0000-7000-8000-00000000aa01', identity: { name: 'Шевченко Тарас' } };
  const b = { casualtyId: '019a0000-0000-7000-8000-00000000bb02', identity: { name: 'Шевченко Тарас' } };
  const c = { casualtyId: '019a0000-0000-7000-8000-00000000cc03', identity: { name: 'Коваленко Іван' } };
  const d = { casualtyId: '019a0000-0000-7000-8000-00000000dd04', identity: null };
  const shared = sharedNames([a, b, c, d] as never);
  assert.deepEqual([...shared], ['Шевченко Тарас']);
  assert.equal(consoleName(a.identity as never, a.casualtyId, shared), 'Шевченко Тарас · 00AA01');
  assert.equal(consoleName(b.identity as never, b.casualtyId, shared), 'Шевченко Тарас · 00BB02');
  assert.equal(consoleName(c.identity as never, c.casualtyId, shared), 'Коваленко Іван');
  assert.equal(consoleName(null as never, d.casualtyId, shared), '00DD04');
  assert.equal(consoleName(a.identity as never, a.casualtyId, undefined), 'Шевченко Тарас', 'before the first render: as it was');
});

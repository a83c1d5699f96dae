import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QuerySlots } from './query-slots.js';

test('QuerySlots: two run, one waits, the next is refused; a freed slot goes to the first in line', async () => {
  const slots = new QuerySlots(2, 1);
  assert.equal(await slots.take(), true);
  assert.equal(await slots.take(), true);
  let third: boolean | null = null;
  const waiting = slots.take().then((ok) => (third = ok));
  assert.equal(await slots.take(), false, 'the line is full');
  await Promise.resolve();
  assert.equal(third, null, 'still waiting while both slots are taken');
  slots.give();
  await waiting;
  assert.equal(third, true);
  // Two held (one original, the one passed on): a fourth must wait again, not run.
  let fourth: boolean | null = null;
  const later = slots.take().then((ok) => (fourth = ok));
  await Promise.resolve();
  assert.equal(fourth, null);
  slots.give();
  slots.give();
  await later;
  assert.equal(fourth, true);
  slots.give();
  assert.equal(await slots.take(), true, 'all given back: a slot is free at once');
});

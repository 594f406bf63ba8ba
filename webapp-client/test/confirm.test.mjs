// Leave asks for a second press within three seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TwoStep } from '../js/confirm.js';

test('a first press arms, a second within the window confirms, a late one arms again', () => {
  const leave = new TwoStep(3000);
  assert.equal(leave.press(1000), 'armed');
  assert.equal(leave.armed(3999), true);
  assert.equal(leave.press(3999), 'confirmed');
  assert.equal(leave.armed(4000), false, 'confirming disarms');
  assert.equal(leave.press(5000), 'armed');
  assert.equal(leave.press(8000), 'armed', 'too late: armed again, not confirmed');
  leave.reset();
  assert.equal(leave.press(8001), 'armed');
});

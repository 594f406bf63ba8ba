// Game sounds: Web Audio nodes are made for each sound, none when muted; the mute choice is remembered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sound, SOUNDS } from '../js/engine/sound.js';

/** A Web Audio stand-in that records the nodes made and started. */
function fakeContext(log) {
  const param = () => ({ setValueAtTime() {}, exponentialRampToValueAtTime() {} });
  const node = (kind) => {
    log.push(kind);
    return { connect() {}, start() { log.push(`${kind}.start`); }, stop() {}, gain: param(), frequency: param() };
  };
  return {
    state: 'running', currentTime: 0, sampleRate: 8000, destination: {},
    createGain: () => node('gain'),
    createOscillator: () => node('oscillator'),
    createBufferSource: () => node('noise'),
    createBuffer: (ch, n) => ({ getChannelData: () => new Float32Array(n) }),
  };
}

test('each sound makes its nodes; a shot adds a noise burst; muted makes none and is remembered', () => {
  const log = [];
  let made = 0;
  let stored = false;
  const sound = new Sound({ createContext: () => { made++; return fakeContext(log); },
    store: { get: () => stored, set: (m) => { stored = m; } } });
  assert.equal(sound.play('shot'), true);
  assert.deepEqual(log, ['gain', 'oscillator', 'oscillator.start', 'noise', 'noise.start']);
  for (const name of Object.keys(SOUNDS)) sound.play(name);
  assert.equal(sound.played, 1 + Object.keys(SOUNDS).length);
  assert.equal(sound.counts.shot, 2);
  assert.equal(sound.counts.kill, 1);
  assert.equal(made, 1, 'one AudioContext for the page');
  assert.equal(sound.toggleMute(), true);
  assert.equal(stored, true);
  const before = log.length;
  assert.equal(sound.play('kill'), false);
  assert.equal(log.length, before, 'muted: no nodes');
  assert.equal(new Sound({ createContext: () => fakeContext([]), store: { get: () => stored, set() {} } }).muted, true,
    'the next page starts muted');
  assert.equal(sound.play('nonsense'), false);
});

test('no Web Audio (or a refused context): silently nothing', () => {
  const sound = new Sound({ createContext: () => { throw new Error('not allowed'); } });
  assert.equal(sound.play('shot'), false);
  assert.equal(new Sound({ createContext: () => null }).play('hit'), false);
});

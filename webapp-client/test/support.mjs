// Shared by the test files (no tests of its own): the protocol fixtures, hex helpers, a seeded random number
// generator and stand-ins for the browser's canvas context and WebSocket.
import { readFileSync } from 'node:fs';

/** A fixture of src/test/resources/protocol/, parsed. */
export const fixture = (name) => JSON.parse(readFileSync(
  new URL(`../../src/test/resources/protocol/${name}`, import.meta.url), 'utf8'));
export const fromHex = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
export const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** mulberry32: a tiny seeded random number generator, uniform in [0, 1), the same sequence every run. */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Anything: every property is a function that returns another such thing (a canvas context, a gradient). */
export function anything() {
  const fn = () => proxy;
  const proxy = new Proxy(fn, { get: (t, k) => (k === Symbol.toPrimitive ? () => 0 : proxy), set: () => true });
  return proxy;
}

/** A WebSocket that records what is sent; receive(bytes) plays a frame from the server. */
export class FakeWebSocket {
  static all = [];
  constructor(url) {
    this.url = url;
    this.readyState = 1;
    this.bufferedAmount = 0;
    this.sent = [];
    FakeWebSocket.all.push(this);
    queueMicrotask(() => this.onopen?.({}));
  }
  send(data) { this.sent.push(new Uint8Array(data)); }
  close() { this.readyState = 3; }
  receive(bytes) { this.onmessage?.({ data: bytes.slice().buffer }); }
}

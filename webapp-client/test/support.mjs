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

/**
 * Just enough DOM for the views: elements keep children, text, classes, data and listeners; touching innerHTML or
 * insertAdjacentHTML is an error the test sees (server and player texts must go through textContent).
 */
export class FakeElement {
  constructor(tag, doc = null) {
    this.tagName = tag.toUpperCase();
    this.ownerDocument = doc;
    this.children = [];
    this.dataset = {};
    this.className = '';
    this.hidden = false;
    this.disabled = false;
    this.title = '';
    this.parent = null;
    this.text = '';
    this.textWrites = 0;
    this.listeners = {};
    const self = this;
    this.classList = {
      contains: (c) => self.className.split(' ').includes(c),
      add: (c) => { if (!self.classList.contains(c)) self.className = `${self.className} ${c}`.trim(); },
      remove: (c) => { self.className = self.className.split(' ').filter((x) => x && x !== c).join(' '); },
      toggle: (c, on) => (on ? self.classList.add(c) : self.classList.remove(c)),
    };
  }
  get textContent() { return this.children.length ? this.children.map((c) => c.textContent).join('') : this.text; }
  set textContent(v) { this.children = []; this.text = String(v); this.textWrites++; }
  get innerHTML() { throw new Error('innerHTML read'); }
  set innerHTML(v) { throw new Error(`innerHTML written: ${v}`); }
  insertAdjacentHTML() { throw new Error('insertAdjacentHTML used'); }
  get firstElementChild() { return this.children[0] ?? null; }
  get firstChild() { return this.children[0] ?? null; }
  append(...nodes) { for (const n of nodes) this.insertBefore(n, null); }
  insertBefore(node, ref) {
    if (node.parent) node.remove();
    const i = ref === null ? this.children.length : this.children.indexOf(ref);
    this.children.splice(i, 0, node);
    node.parent = this;
  }
  remove() {
    if (!this.parent) return;
    this.parent.children.splice(this.parent.children.indexOf(this), 1);
    this.parent = null;
  }
  addEventListener(type, fn) { (this.listeners[type] ??= []).push(fn); }
  click() { for (const fn of this.listeners.click ?? []) fn({}); }
  /** Every descendant that pred accepts, in document order. */
  all(pred, out = []) {
    for (const c of this.children) {
      if (pred(c)) out.push(c);
      c.all(pred, out);
    }
    return out;
  }
  byClass(cls) { return this.all((e) => e.classList.contains(cls)); }
  /** The first descendant with the class, or null. */
  find(cls) { return this.byClass(cls)[0] ?? null; }
}

/** A document whose elements are FakeElements. */
export function fakeDocument() {
  const doc = { createElement: (tag) => new FakeElement(tag, doc) };
  return doc;
}

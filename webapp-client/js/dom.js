/** DOM helpers that put data into the page only as text (textContent), never as HTML; keyed list updates. */

/** Sets the text of el (a no-op when it is already that text). */
export function setText(el, text) {
  const t = text === null || text === undefined ? '' : String(text);
  if (el.textContent !== t) el.textContent = t;
}

/** A new element of tag with className and text set through textContent. */
export function textEl(doc, tag, className, text = '') {
  const e = doc.createElement(tag);
  if (className) e.className = className;
  setText(e, text);
  return e;
}

/** A new element of tag with className holding children (elements or text). */
export function elWith(doc, tag, className, ...children) {
  const e = textEl(doc, tag, className);
  e.append(...children);
  return e;
}

/** A chat line: .chat-msg holding .chat-from and .chat-text, both plain text. */
export function chatMessageEl(doc, msg, { self = false } = {}) {
  const line = textEl(doc, 'div', self ? 'chat-msg self' : 'chat-msg');
  if (msg.id !== null && msg.id !== undefined) line.dataset.id = String(msg.id);
  line.append(textEl(doc, 'span', 'chat-from', msg.from.nickname), textEl(doc, 'span', 'chat-text', msg.text));
  return line;
}

/** An online list entry: .online-entry[data-player-id] holding .online-name, a hidden .online-you badge, .online-status. */
export function onlineEntryEl(doc, entry) {
  const li = textEl(doc, 'li', 'online-entry');
  li.dataset.playerId = entry.playerId;
  const you = textEl(doc, 'span', 'online-you', 'you');
  you.hidden = true;
  li.append(textEl(doc, 'span', 'online-name', entry.nickname), you, textEl(doc, 'span', 'online-status'));
  return li;
}

/**
 * Makes parent's children exactly the elements for items, in order, reusing an element per key (so an element
 * a user or a test is about to click survives updates). create(item) builds one, update(el, item) refreshes it.
 */
export function syncKeyedChildren(parent, items, { key, create, update, cache }) {
  const seen = new Set();
  let i = 0;
  for (const item of items) {
    const k = key(item);
    seen.add(k);
    let el = cache.get(k);
    if (!el) {
      el = create(item);
      cache.set(k, el);
    }
    update(el, item);
    const at = parent.children[i] ?? null;
    if (at !== el) parent.insertBefore(el, at);
    i++;
  }
  for (const [k, el] of cache) {
    if (!seen.has(k)) {
      el.remove();
      cache.delete(k);
    }
  }
}

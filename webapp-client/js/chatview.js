/** Renders a chat log (lobby panel or in-game overlay) into a container, keyed by message, as plain text. */

import { chatMessageEl, syncKeyedChildren } from './dom.js';

export function chatKey(m) {
  return m.id !== null && m.id !== undefined ? `id:${m.id}` : `at:${m.at}|${m.from.playerId}|${m.text}`;
}

export class ChatLogView {
  /** container: the log element; empty: optional element shown while the log is empty. */
  constructor(container, { empty = null } = {}) {
    this.container = container;
    this.empty = empty;
    this.cache = new Map();
  }

  /** Shows exactly the messages of log (oldest first); own messages (from selfId) are marked .self. */
  render(log, selfId = null) {
    const c = this.container;
    const atBottom = c.scrollHeight - c.scrollTop - c.clientHeight < 24;
    const doc = c.ownerDocument;
    syncKeyedChildren(c, log, {
      key: chatKey,
      create: (m) => chatMessageEl(doc, m, { self: selfId !== null && m.from.playerId === selfId }),
      update: () => {},
      cache: this.cache,
    });
    if (this.empty) this.empty.hidden = log.length > 0;
    if (atBottom) c.scrollTop = c.scrollHeight;
  }

  clear() {
    this.render([]);
  }
}

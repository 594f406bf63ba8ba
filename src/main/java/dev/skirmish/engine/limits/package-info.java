/**
 * Resource limits that several edges share, in plain Java: token-bucket rate limits with a flood verdict for
 * sustained abuse, open-connection counts per remote address, the origin policy of WebSocket handshakes and the
 * read receipts that bound what a client may leave unread. Nothing here knows about WebSockets; the
 * endpoints and the lobby apply the verdicts (a typed error, a dropped frame, or a close code).
 */
package dev.skirmish.engine.limits;

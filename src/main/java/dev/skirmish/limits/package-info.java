/**
 * Resource limits that several edges share, in plain Java: token-bucket rate limits with a flood verdict for
 * sustained abuse, and open-connection counts per remote address. Nothing here knows about WebSockets; the
 * endpoints and the lobby apply the verdicts (a typed error, a dropped frame, or a close code).
 */
package dev.skirmish.limits;

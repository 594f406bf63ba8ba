/**
 * The edge: WebSocket endpoints that adapt sessions to the lobby and room services, and the bounded
 * asynchronous send path ({@link dev.skirmish.engine.web.SessionOutbox}). No game logic lives here.
 */
package dev.skirmish.engine.web;

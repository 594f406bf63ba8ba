/**
 * The edge: WebSocket endpoints that adapt sessions to the lobby and room services, and the bounded
 * asynchronous send path ({@link dev.skirmish.web.SessionOutbox}). No game logic lives here.
 */
package dev.skirmish.web;

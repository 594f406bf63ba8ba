/**
 * Rooms of any game and their tick loop: a {@link dev.skirmish.engine.room.LocalRoom} owns one game world, its seats and each player's
 * bounded input queue; {@link dev.skirmish.engine.room.TickLoop} threads step rooms at a fixed rate and hand
 * snapshots to the send path through {@link dev.skirmish.engine.room.GameConnection}. Only the tick thread of a
 * room mutates its world; WebSocket threads only enqueue.
 */
package dev.skirmish.engine.room;

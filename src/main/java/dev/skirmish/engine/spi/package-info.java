/**
 * The engine's service provider interface: what a game implements ({@link dev.skirmish.engine.spi.Game},
 * {@link dev.skirmish.engine.spi.GameWorld}, {@link dev.skirmish.engine.spi.Views}) and the values the engine
 * hands it. Plain Java; a game imports only this package and {@code dev.skirmish.engine.spi.wire}.
 * docs/games.md walks through it.
 */
package dev.skirmish.engine.spi;

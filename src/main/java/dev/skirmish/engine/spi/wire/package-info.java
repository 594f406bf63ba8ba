/**
 * The engine's wire helpers that games use: the protocol version and the engine's opcodes ({@link
 * dev.skirmish.engine.spi.wire.Protocol}), close codes, the byte and bit readers and writers, and the exception a
 * decoder throws. Plain Java.
 */
package dev.skirmish.engine.spi.wire;

/** The engine's own lobby wire values: lobby error codes and random ids. Plain Java. */
package dev.skirmish.engine.protocol;

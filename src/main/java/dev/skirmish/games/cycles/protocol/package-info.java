/** The light cycles' part of the game stream: input byte, WELCOME body, events, snapshot body. Plain Java. */
package dev.skirmish.games.cycles.protocol;

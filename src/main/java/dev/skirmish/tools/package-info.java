/**
 * Command-line tools that run outside the container: the development server launcher ({@code ServerLauncher}),
 * the lobby probe, the tick and netcode benchmarks and the play-load generator. Plain Java.
 */
package dev.skirmish.tools;

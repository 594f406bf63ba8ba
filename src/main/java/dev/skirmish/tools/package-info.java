/** Command-line tools that run outside the container: the development server launcher. Plain Java. */
package dev.skirmish.tools;

/** The histograms (durations) and GC pause records the server keeps about itself. Plain Java. */
package dev.skirmish.engine.metrics;

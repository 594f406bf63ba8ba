/** Counters and histograms the server keeps about itself (tick time, snapshots, skips). Plain Java. */
package dev.skirmish.metrics;

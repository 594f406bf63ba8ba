/**
 * A network condition simulator for development and tests: added latency, jitter and bursts of delay per
 * direction, in user space (this machine's kernel has no netem). The stream is TCP, so nothing is lost or
 * reordered: loss shows up as delay. Plain Java, no Jakarta imports; the browser has its own copy
 * (webapp-client/js/engine/netsim.js) with the same specification syntax.
 */
package dev.skirmish.engine.netsim;

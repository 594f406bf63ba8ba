package dev.skirmish.engine.netsim;

/**
 * Conditions of one direction of a link.
 *
 * @param latencyMillis    added one-way delay
 * @param jitterMillis     each frame's delay varies uniformly by up to this much either way (never below 0)
 * @param burstEveryMillis mean time between bursts (0: no bursts); the actual gaps vary from half to 1.5 times
 * @param burstMillis      length of a burst: frames sent during one wait until it ends (a stalled link)
 */
public record NetConditions(int latencyMillis, int jitterMillis, int burstEveryMillis, int burstMillis) {
    /** No added delay. */
    public static final NetConditions NONE = new NetConditions(0, 0, 0, 0);

    public NetConditions {
        if (latencyMillis < 0 || latencyMillis > 5000) {
            throw new IllegalArgumentException("latency must be 0..5000 ms, was " + latencyMillis);
        }
        if (jitterMillis < 0 || jitterMillis > 2000) {
            throw new IllegalArgumentException("jitter must be 0..2000 ms, was " + jitterMillis);
        }
        if (burstEveryMillis != 0 && (burstEveryMillis < 100 || burstEveryMillis > 600_000)) {
            throw new IllegalArgumentException("burst interval must be 100..600000 ms, was " + burstEveryMillis);
        }
        if (burstMillis < 0 || burstMillis > 5000 || (burstEveryMillis != 0) != (burstMillis != 0)) {
            throw new IllegalArgumentException("burst length must be 1..5000 ms with an interval, was " + burstMillis);
        }
    }

    public boolean isNone() {
        return latencyMillis == 0 && jitterMillis == 0 && burstEveryMillis == 0;
    }

    /** The spec of this direction, e.g. {@code 50~10!2000/150}. */
    public String spec() {
        return latencyMillis + (jitterMillis > 0 ? "~" + jitterMillis : "")
                + (burstEveryMillis > 0 ? "!" + burstEveryMillis + "/" + burstMillis : "");
    }

    /** Parses {@code LATENCY[~JITTER][!EVERY/LENGTH]} (milliseconds). */
    static NetConditions parse(String s) {
        String rest = s;
        int every = 0;
        int length = 0;
        int bang = rest.indexOf('!');
        if (bang >= 0) {
            String burst = rest.substring(bang + 1);
            rest = rest.substring(0, bang);
            int slash = burst.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("burst must be EVERY/LENGTH, was '" + burst + "'");
            }
            every = number(burst.substring(0, slash));
            length = number(burst.substring(slash + 1));
        }
        int jitter = 0;
        int tilde = rest.indexOf('~');
        if (tilde >= 0) {
            jitter = number(rest.substring(tilde + 1));
            rest = rest.substring(0, tilde);
        }
        return new NetConditions(number(rest), jitter, every, length);
    }

    private static int number(String s) {
        if (!s.matches("[0-9]{1,6}")) {
            throw new IllegalArgumentException("'" + s + "' is not a number of milliseconds");
        }
        return Integer.parseInt(s);
    }
}

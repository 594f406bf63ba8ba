package dev.skirmish.engine.netsim;

/**
 * Conditions of both directions of a game stream. Specification syntax (also the {@code netsim} query
 * parameter and the browser's toggle): comma-separated {@code DIR:LATENCY[~JITTER][!EVERY/LENGTH]} with DIR
 * one of {@code up} (client to server), {@code down} (server to client) or {@code both}, all in milliseconds.
 * Example: {@code both:50~10} adds 50 +/- 10 ms each way (about 100 +/- 20 ms of round trip);
 * {@code down:80~20!3000/250,up:40} also stalls the downstream for 250 ms about every 3 s.
 */
public record NetProfile(NetConditions up, NetConditions down) {
    public static final NetProfile NONE = new NetProfile(NetConditions.NONE, NetConditions.NONE);

    public boolean isNone() {
        return up.isNone() && down.isNone();
    }

    /** Parses a specification; an empty one is {@link #NONE}. Throws IllegalArgumentException with the reason. */
    public static NetProfile parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        if (spec.length() > 200) {
            throw new IllegalArgumentException("netsim specification longer than 200 characters");
        }
        NetConditions up = NetConditions.NONE;
        NetConditions down = NetConditions.NONE;
        for (String part : spec.strip().split(",")) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("netsim part '" + part + "' must be DIR:LATENCY[~JITTER][!EVERY/LENGTH]");
            }
            String dir = part.substring(0, colon).strip();
            NetConditions c = NetConditions.parse(part.substring(colon + 1).strip());
            switch (dir) {
                case "up" -> up = c;
                case "down" -> down = c;
                case "both" -> {
                    up = c;
                    down = c;
                }
                default -> throw new IllegalArgumentException("netsim direction must be up, down or both, was '" + dir + "'");
            }
        }
        return new NetProfile(up, down);
    }

    public String spec() {
        return up.equals(down) ? "both:" + up.spec() : "up:" + up.spec() + ",down:" + down.spec();
    }
}

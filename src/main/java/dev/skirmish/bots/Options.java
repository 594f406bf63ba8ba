package dev.skirmish.bots;

import java.util.LinkedHashMap;
import java.util.Map;

/** The benchmarks' command lines: {@code --name value} pairs. */
final class Options {
    private Options() {
    }

    /** The pairs of {@code args} by name, or null when a name has no value (an odd count). */
    static Map<String, String> pairs(String... args) {
        if (args.length % 2 != 0) {
            return null;
        }
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        return opts;
    }
}

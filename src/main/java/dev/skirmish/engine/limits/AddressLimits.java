package dev.skirmish.engine.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per remote address, with a limit and a list of exempt addresses (a local reverse proxy, the
 * load-test host). The map holds only addresses with at least one open connection, so it is bounded by the
 * connections themselves. Addresses are compared in their canonical numeric form. Thread-safe.
 */
public final class AddressLimits {
    private final int maxPerAddress;
    private final Set<String> exempt;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    /**
     * @param maxPerAddress connections one address may hold open at once; 0 for no limit
     * @param exempt numeric addresses (IPv4 or IPv6) the limit does not apply to
     */
    public AddressLimits(int maxPerAddress, Collection<String> exempt) {
        this.maxPerAddress = maxPerAddress;
        Set<String> e = new HashSet<>();
        for (String a : exempt) {
            String c = canonical(a);
            if (c == null) {
                throw new IllegalArgumentException("not a numeric IP address: '" + a + "'");
            }
            e.add(c);
        }
        this.exempt = Set.copyOf(e);
    }

    /**
     * Counts one more connection from {@code address} if it is under the limit (or exempt, or unknown: null);
     * returns the key to {@link #release} it with, or null when the address is at its limit.
     */
    public String acquire(String address) {
        String key = address == null ? null : canonical(address);
        if (key == null) {
            key = address == null ? "unknown" : address;
        }
        if (maxPerAddress == 0 || exempt.contains(key)) {
            return key;
        }
        boolean[] admitted = {false};
        open.compute(key, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= maxPerAddress) {
                return n;
            }
            admitted[0] = true;
            return now + 1;
        });
        return admitted[0] ? key : null;
    }

    /** A connection counted by {@link #acquire} has closed. */
    public void release(String key) {
        if (key == null || maxPerAddress == 0 || exempt.contains(key)) {
            return;
        }
        open.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Open connections counted for {@code address} (0 for exempt ones). */
    public int openFrom(String address) {
        String key = canonical(address);
        return key == null ? 0 : open.getOrDefault(key, 0);
    }

    /** Addresses with at least one counted connection. */
    public int addresses() {
        return open.size();
    }

    /** The canonical numeric form of an IP literal, or null if {@code address} is not one (no name lookups). */
    static String canonical(String address) {
        String a = address.strip();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (a.isEmpty() || !(a.indexOf(':') >= 0 || a.matches("[0-9.]+"))) {
            return null; // InetAddress.getByName would resolve a host name
        }
        try {
            return InetAddress.getByName(a).getHostAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}

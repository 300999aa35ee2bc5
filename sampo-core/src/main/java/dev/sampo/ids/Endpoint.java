package dev.sampo.ids;

import dev.sampo.flow.IpAddress;

/**
 * One side of a rule header: {@code any} or one address, and {@code any} or one port.
 *
 * @param address null for any
 * @param port -1 for any
 */
public record Endpoint(IpAddress address, int port) {
    public static final Endpoint ANY = new Endpoint(null, -1);

    public boolean matches(IpAddress ip, int p) {
        return (address == null || address.equals(ip)) && (port < 0 || port == p);
    }
}

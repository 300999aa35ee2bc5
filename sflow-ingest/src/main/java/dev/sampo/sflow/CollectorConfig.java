package dev.sampo.sflow;

import dev.sampo.flow.IpAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How an {@link SflowCollector} listens and what it forwards.
 *
 * @param listen where to bind; an IPv6 address (such as {@code ::}) also receives IPv4 on a
 *     dual-stack host, {@code 0.0.0.0} only IPv4
 * @param receiveBufferBytes SO_RCVBUF to ask for: bursts of datagrams queue here while the
 *     receiving thread is busy (the kernel caps it at net.core.rmem_max; the stats report what
 *     was granted)
 * @param allowedAgents agent addresses (the datagram header's, not the UDP source's: relays keep
 *     it) whose datagrams are decoded; empty allows every agent
 * @param mptcpOnly forward only segments with MPTCP options (the only ones that carry association
 *     evidence), or every TCP segment
 * @param statsInterval how often the stats reporter is called
 */
public record CollectorConfig(InetSocketAddress listen, int receiveBufferBytes, Set<IpAddress> allowedAgents,
                              boolean mptcpOnly, Duration statsInterval) {
    public static final int DEFAULT_PORT = 6343;
    public static final int DEFAULT_RECEIVE_BUFFER = 8 << 20;

    public CollectorConfig {
        Objects.requireNonNull(listen);
        allowedAgents = Set.copyOf(allowedAgents);
        if (receiveBufferBytes <= 0 || statsInterval.isNegative() || statsInterval.isZero()) {
            throw new IllegalArgumentException("receive buffer and stats interval must be positive");
        }
    }

    /** 0.0.0.0:6343, 8 MiB receive buffer, every agent, MPTCP segments only, stats every 10 s. */
    public static CollectorConfig defaults() {
        return new CollectorConfig(new InetSocketAddress("0.0.0.0", DEFAULT_PORT), DEFAULT_RECEIVE_BUFFER, Set.of(),
                true, Duration.ofSeconds(10));
    }

    public CollectorConfig withListen(InetSocketAddress address) {
        return new CollectorConfig(address, receiveBufferBytes, allowedAgents, mptcpOnly, statsInterval);
    }

    public CollectorConfig withAllowedAgents(Set<IpAddress> agents) {
        return new CollectorConfig(listen, receiveBufferBytes, agents, mptcpOnly, statsInterval);
    }

    public CollectorConfig withMptcpOnly(boolean only) {
        return new CollectorConfig(listen, receiveBufferBytes, allowedAgents, only, statsInterval);
    }

    public CollectorConfig withStatsInterval(Duration interval) {
        return new CollectorConfig(listen, receiveBufferBytes, allowedAgents, mptcpOnly, interval);
    }

    public CollectorConfig withReceiveBuffer(int bytes) {
        return new CollectorConfig(listen, bytes, allowedAgents, mptcpOnly, statsInterval);
    }

    /**
     * Parses {@code HOST:PORT}, {@code [V6]:PORT}, {@code :PORT} or {@code PORT} (all interfaces).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static InetSocketAddress parseAddress(String text, String defaultHost) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("bad address '" + text + "': use [V6]:PORT");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else if (text.indexOf(':') != text.lastIndexOf(':')) {
            throw new IllegalArgumentException("bad address '" + text + "': write an IPv6 address as [V6]:PORT");
        } else if (text.contains(":")) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        } else {
            host = "";
            port = text;
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host.isEmpty() ? defaultHost : host, p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + text + "': use HOST:PORT, [V6]:PORT or PORT", e);
        }
    }
}

package dev.sampo.capture.decap;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The layout of a P4 clone shim: a fixed-length header a switch puts in front of each cloned
 * frame, read from a properties file (see {@code capture/README.md} and
 * {@code capture/examples/p4-shim.properties}). Fields are bit offsets and widths within the
 * shim, as the P4 header declares them; every field is optional.
 *
 * @param position where the shim starts in the captured frame
 * @param positionValue the EtherType or UDP port of {@code position}, 0 for {@code frame}
 * @param length shim length in bytes
 * @param innerIsIp whether an IP packet rather than an Ethernet frame follows the shim
 * @param timestampNanosPerUnit nanoseconds per timestamp unit (the timestamp is Unix time)
 */
public record P4ShimFormat(Position position, int positionValue, int length, boolean innerIsIp,
                           BitField switchId, BitField ingressPort, BitField egressPort,
                           BitField timestamp, long timestampNanosPerUnit, BitField samplingRate) {

    /** Where the shim sits in what the collector captures. */
    public enum Position {
        /** At the very start: the switch sends shim + frame out of a port as they are. */
        FRAME,
        /** After an outer Ethernet header (and VLAN tags) with a given EtherType. */
        ETHERTYPE,
        /** At the start of the payload of a UDP datagram to a given port. */
        UDP
    }

    private static final Set<String> KEYS = Set.of("position", "length", "inner", "switch_id", "ingress_port",
            "egress_port", "timestamp", "timestamp.unit", "sampling_rate");

    public P4ShimFormat {
        if (length < 1 || length > 1024) {
            throw new IllegalArgumentException("shim length " + length + ": must be 1…1024 bytes");
        }
        for (BitField f : new BitField[] {switchId, ingressPort, egressPort, timestamp, samplingRate}) {
            if (f != null && f.endBit() > length * 8) {
                throw new IllegalArgumentException("field " + f.offset() + ":" + f.width()
                        + " ends past the " + length + "-byte shim");
            }
        }
    }

    public static P4ShimFormat read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        try {
            return of(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static P4ShimFormat of(Properties p) {
        Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown key(s) " + unknown + "; known: " + new TreeSet<>(KEYS));
        }
        String length = p.getProperty("length");
        if (length == null) {
            throw new IllegalArgumentException("'length' (shim bytes) is required");
        }
        String[] position = p.getProperty("position", "frame").trim().toLowerCase(Locale.ROOT).split(":");
        Position where;
        int value = 0;
        switch (position[0]) {
            case "frame" -> where = Position.FRAME;
            case "ethertype" -> {
                where = Position.ETHERTYPE;
                value = number(position, 0xFFFF);
            }
            case "udp" -> {
                where = Position.UDP;
                value = number(position, 0xFFFF);
            }
            default -> throw new IllegalArgumentException("position '" + p.getProperty("position")
                    + "': use frame, ethertype:0xHHHH or udp:PORT");
        }
        String inner = p.getProperty("inner", "ethernet").trim();
        if (!inner.equals("ethernet") && !inner.equals("ip")) {
            throw new IllegalArgumentException("inner '" + inner + "': use ethernet or ip");
        }
        return new P4ShimFormat(where, value, Integer.parseInt(length.trim()), inner.equals("ip"),
                field(p, "switch_id"), field(p, "ingress_port"), field(p, "egress_port"), field(p, "timestamp"),
                unit(p.getProperty("timestamp.unit", "ns").trim()), field(p, "sampling_rate"));
    }

    /** A BPF filter that passes the frames that can carry the shim. */
    public String defaultFilter() {
        return switch (position) {
            case FRAME -> "";
            case ETHERTYPE -> "ether proto " + positionValue;
            case UDP -> "udp dst port " + positionValue;
        };
    }

    private static int number(String[] position, int max) {
        if (position.length != 2) {
            throw new IllegalArgumentException("position '" + String.join(":", position) + "' needs a value");
        }
        int v = Integer.decode(position[1]);
        if (v < 0 || v > max) {
            throw new IllegalArgumentException("position value " + position[1] + " out of range");
        }
        return v;
    }

    private static BitField field(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? null : BitField.parse(v);
    }

    private static long unit(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            default -> throw new IllegalArgumentException("timestamp.unit '" + unit + "': use ns, us, ms or s");
        };
    }
}

package dev.sampo.capture.decap;

import dev.sampo.flow.IpAddress;
import java.util.Arrays;

/**
 * Where a frame was observed, as the encapsulation tells it: the mirror's session, VNI or GRE key,
 * the P4 switch and its ports, and the underlay address the mirror sent from. Filled in place per
 * frame; {@link #label()} turns it into the record's {@code obs} text, e.g.
 * {@code if=ul0 encap=vxlan vni=4242 from=172.31.255.1}.
 *
 * <p>Labels come from a small direct-mapped cache keyed by the fields, because a capture sees few
 * distinct observation points and building the text for every record would allocate for nothing.
 */
public final class ObservationPoint {
    static final int SESSION = 0;
    static final int SECOND = 1;
    static final int THIRD = 2;
    private static final int CACHE = 64;

    private String iface;
    Outcome kind = Outcome.PLAIN;
    /** Underlay source: IPv4-mapped like {@link IpAddress}; 0/0 when there is none. */
    long fromHi;
    long fromLo;
    final long[] attr = new long[3];
    /** Bit i set when attr[i] is present. */
    int present;

    private static final String[] NO_NAMES = {};
    private static final String[] ERSPAN_II_NAMES = {"session", "index"};
    private static final String[] ERSPAN_III_NAMES = {"session", "hw", "dir"};
    private static final String[] GRE_NAMES = {"key"};
    private static final String[] VXLAN_NAMES = {"vni"};
    private static final String[] P4_NAMES = {"switch", "in", "out"};

    private final long[][] cachedKeys = new long[CACHE][];
    private final String[] cachedLabels = new String[CACHE];

    /** The capture interface every label starts with; null leaves it out. */
    public void iface(String name) {
        this.iface = name;
        Arrays.fill(cachedLabels, null);
    }

    void reset() {
        kind = Outcome.PLAIN;
        fromHi = 0;
        fromLo = 0;
        present = 0;
    }

    void from(long hi, long lo) {
        fromHi = hi;
        fromLo = lo;
    }

    void set(int index, long value) {
        attr[index] = value;
        present |= 1 << index;
    }

    public Outcome kind() {
        return kind;
    }

    /** The attribute at {@code index} (session/VNI/key/switch first), or -1 when absent. */
    public long attribute(int index) {
        return (present & (1 << index)) != 0 ? attr[index] : -1;
    }

    public String label() {
        int slot = slot();
        long[] key = cachedKeys[slot];
        if (key != null && cachedLabels[slot] != null && matches(key)) {
            return cachedLabels[slot];
        }
        if (key == null) {
            key = new long[7];
            cachedKeys[slot] = key;
        }
        key[0] = kind.ordinal() | ((long) present << 8);
        key[1] = fromHi;
        key[2] = fromLo;
        key[3] = attr[0];
        key[4] = attr[1];
        key[5] = attr[2];
        String label = build();
        cachedLabels[slot] = label;
        return label;
    }

    private boolean matches(long[] key) {
        return key[0] == (kind.ordinal() | ((long) present << 8)) && key[1] == fromHi && key[2] == fromLo
                && ((present & 1) == 0 || key[3] == attr[0])
                && ((present & 2) == 0 || key[4] == attr[1])
                && ((present & 4) == 0 || key[5] == attr[2]);
    }

    private int slot() {
        long h = kind.ordinal() * 31L + present;
        h = h * 0x9E3779B97F4A7C15L + fromLo;
        h = h * 0x9E3779B97F4A7C15L + fromHi;
        for (int i = 0; i < 3; i++) {
            if ((present & (1 << i)) != 0) {
                h = h * 0x9E3779B97F4A7C15L + attr[i];
            }
        }
        return (int) (h ^ (h >>> 29) ^ (h >>> 47)) & (CACHE - 1);
    }

    private String build() {
        StringBuilder sb = new StringBuilder(64);
        if (iface != null) {
            sb.append("if=").append(iface);
        }
        if (kind != Outcome.PLAIN) {
            sb.append(sb.length() == 0 ? "" : " ").append("encap=").append(encapName());
        }
        String[] names = attributeNames();
        for (int i = 0; i < names.length; i++) {
            if ((present & (1 << i)) != 0) {
                sb.append(sb.length() == 0 ? "" : " ").append(names[i]).append('=').append(value(i));
            }
        }
        if (fromHi != 0 || fromLo != 0) {
            sb.append(sb.length() == 0 ? "" : " ").append("from=").append(new IpAddress(fromHi, fromLo));
        }
        return sb.toString();
    }

    private String value(int i) {
        if (kind == Outcome.ERSPAN_III && i == THIRD) {
            return attr[i] == 0 ? "ingress" : "egress";
        }
        return Long.toUnsignedString(attr[i]);
    }

    private String encapName() {
        return switch (kind) {
            case ERSPAN_I -> "erspan1";
            case ERSPAN_II -> "erspan2";
            case ERSPAN_III -> "erspan3";
            case GRE_TEB, GRE_IP -> "gre";
            case VXLAN -> "vxlan";
            case P4 -> "p4";
            default -> kind.name().toLowerCase();
        };
    }

    private String[] attributeNames() {
        return switch (kind) {
            case ERSPAN_II -> ERSPAN_II_NAMES;
            case ERSPAN_III -> ERSPAN_III_NAMES;
            case GRE_TEB, GRE_IP -> GRE_NAMES;
            case VXLAN -> VXLAN_NAMES;
            case P4 -> P4_NAMES;
            default -> NO_NAMES;
        };
    }
}

package dev.sampo.migration.nf;

/** What a reference NF keeps per session, and so what "the final state equals the ideal fold" compares. */
public enum NfKind {
    /**
     * NAT-like: a mapping per subflow made by its SYN (the critical substate) and commutative
     * counters (packets, bytes, per subflow). Any order of the same packets folds to the same state.
     */
    COUNTERS("counters"),
    /**
     * IDS-like: the mappings and counters plus a digest of the session's packet stream in the order
     * the NF applied it, as a reassembling IDS's stream state depends on order.
     */
    STREAM_IDS("ids");

    private final String cliName;

    NfKind(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static NfKind ofName(String name) {
        for (NfKind k : values()) {
            if (k.cliName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown NF kind '" + name + "' (counters, ids)");
    }
}

package dev.sampo.capture.decap;

/** What decapsulation made of one captured frame. */
public enum Outcome {
    /** Not encapsulated, and the mode lets plain frames through: the frame is its own inner frame. */
    PLAIN,
    /** ERSPAN type I: GRE 0x88BE without a sequence number, the mirrored frame right after GRE. */
    ERSPAN_I,
    ERSPAN_II,
    ERSPAN_III,
    /** GRE carrying an Ethernet frame (transparent Ethernet bridging, 0x6558). */
    GRE_TEB,
    /** GRE carrying an IP packet directly. */
    GRE_IP,
    VXLAN,
    P4,
    /** Not the encapsulation the mode asks for (underlay chatter, ARP, the agent's own traffic). */
    NOT_ENCAPSULATED,
    /** An encapsulation header runs past the captured bytes (snaplen too small). */
    TRUNCATED,
    /** An encapsulation header that contradicts itself (wrong version, bad lengths, missing flag). */
    MALFORMED,
    /** A recognised tunnel whose payload we do not handle (GRE routing, PPTP, another protocol). */
    UNSUPPORTED;

    /** Whether an inner frame was found and can be decoded. */
    public boolean hasFrame() {
        return ordinal() <= P4.ordinal();
    }
}

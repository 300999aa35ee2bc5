package dev.sampo.capture;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.reflect.Field;
import org.pcap4j.core.PcapHandle;

/**
 * pcap_next_ex(3) on a handle that pcap4j opened, through a JNA direct mapping, into buffers that
 * are reused for every frame. pcap4j's own {@code getNextRawPacketEx()} allocates two native
 * pointer holders, a {@code Timestamp} and a fresh byte array per frame; at a few hundred thousand
 * frames per second that garbage, not decoding, limited the agent. pcap4j still opens, filters,
 * reports on and closes the handle; this class only reads frames, on the one capture thread.
 */
final class NextFrame {
    private static final int LONG = Native.LONG_SIZE;

    static {
        // The same library pcap4j loaded, under the same system property.
        Native.register(NextFrame.class, NativeLibrary.getInstance(
                System.getProperty("org.pcap4j.core.pcapLibName", "pcap")));
    }

    /** int pcap_next_ex(pcap_t *, struct pcap_pkthdr **, const u_char **), the out-pointers as longs. */
    private static native int pcap_next_ex(Pointer pcap, long[] header, long[] data);

    private final Pointer pcap;
    private final boolean nanos;
    private final long[] headerAddress = new long[1];
    private final long[] dataAddress = new long[1];
    private final Pointer header = new Pointer(0);
    private final Pointer data = new Pointer(0);
    private final byte[] buffer;
    private long timestampNanos;

    NextFrame(PcapHandle handle, int snaplen) {
        this.pcap = pcapT(handle);
        this.nanos = handle.getTimestampPrecision() == PcapHandle.TimestampPrecision.NANO;
        this.buffer = new byte[snaplen];
    }

    /** pcap4j keeps the pcap_t to itself; pinned at 1.8.2, its field name is stable. */
    private static Pointer pcapT(PcapHandle handle) {
        try {
            Field f = PcapHandle.class.getDeclaredField("handle");
            f.setAccessible(true);
            return (Pointer) f.get(handle);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this pcap4j has no PcapHandle.handle field; pcap4j 1.8.2 is required", e);
        }
    }

    /**
     * Reads the next frame into {@link #buffer()}: its captured length; 0 on a read timeout;
     * -2 when pcap_breakloop interrupted the wait; -1 on an error (see pcap_geterr).
     */
    int next() {
        int rc = pcap_next_ex(pcap, headerAddress, dataAddress);
        if (rc != 1) {
            return rc == 0 ? 0 : rc;
        }
        Pointer.nativeValue(header, headerAddress[0]);
        Pointer.nativeValue(data, dataAddress[0]);
        long seconds = LONG == 8 ? header.getLong(0) : header.getInt(0);
        long fraction = LONG == 8 ? header.getLong(LONG) : header.getInt(LONG);
        timestampNanos = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000);
        int length = Math.min(header.getInt(2L * LONG), buffer.length);
        data.read(0, buffer, 0, length);
        return length;
    }

    byte[] buffer() {
        return buffer;
    }

    long timestampNanos() {
        return timestampNanos;
    }
}

package dev.sampo.capture;

import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;

/**
 * A live libpcap handle through pcap4j, used for raw frame bytes only: pcap4j's packet objects
 * are never built, and frames are read by {@link NextFrame} into one reused buffer. Opened promiscuous and in immediate mode (frames are delivered as they arrive,
 * not when a ring block fills), with nanosecond timestamps where the kernel offers them.
 *
 * <p>A blocking read on Linux does not return when its timeout expires (libpcap polls again), so
 * the only way to get the reading thread back while no traffic flows is {@link #wake()}:
 * pcap_breakloop, which libpcap ≥ 1.10 turns into an eventfd write that ends the poll.
 */
final class LivePcap implements AutoCloseable {
    /** pcap_activate() return codes (pcap/pcap.h). */
    private static final int PCAP_ERROR_NO_SUCH_DEVICE = -5;
    private static final int PCAP_ERROR_PERM_DENIED = -8;
    private static final int PCAP_ERROR_IFACE_NOT_UP = -9;

    private final PcapHandle handle;
    private final String iface;
    private final NextFrame reader;

    private LivePcap(PcapHandle handle, String iface, int snaplen) {
        this.handle = handle;
        this.iface = iface;
        this.reader = new NextFrame(handle, snaplen);
    }

    static LivePcap open(CaptureConfig config) throws CaptureException {
        PcapHandle handle;
        try {
            handle = new PcapHandle.Builder(config.iface())
                    .snaplen(config.snaplen())
                    .promiscuousMode(PromiscuousMode.PROMISCUOUS)
                    .bufferSize(config.bufferBytes())
                    .immediateMode(true)
                    .timestampPrecision(PcapHandle.TimestampPrecision.NANO)
                    .build();
        } catch (PcapNativeException e) {
            throw openFailure(config, e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            throw new CaptureException("libpcap is not installed or cannot be loaded (" + rootMessage(e) + "). "
                    + "Install it: `apt-get install libpcap0.8` (Debian/Ubuntu) or `dnf install libpcap` "
                    + "(Fedora/RHEL); for a libpcap elsewhere, pass -Dorg.pcap4j.core.pcapLibName=/path/to/libpcap.so",
                    e);
        }
        String filter = config.effectiveFilter();
        if (!filter.isBlank()) {
            try {
                handle.setFilter(filter, BpfCompileMode.OPTIMIZE);
            } catch (PcapNativeException | NotOpenException e) {
                handle.close();
                throw new CaptureException("BPF filter '" + filter + "' rejected: " + e.getMessage(), e);
            }
        }
        return new LivePcap(handle, config.iface(), config.snaplen());
    }

    private static CaptureException openFailure(CaptureConfig config, PcapNativeException e) {
        String where = config.iface() + (config.netns() == null ? "" : " in network namespace " + config.netns());
        Integer rc = e.getReturnCode();
        String text = String.valueOf(e.getMessage());
        if ((rc != null && rc == PCAP_ERROR_PERM_DENIED) || text.contains("not permitted")
                || text.contains("ermission")) {
            return new CaptureException("no permission to capture on " + where + " (" + text + "). Run as root "
                    + "(sudo ./sampo capture …), or give the JVM capture rights: "
                    + "setcap cap_net_raw,cap_net_admin+eip \"$(readlink -f \"$(command -v java)\")\"", e);
        }
        if ((rc != null && rc == PCAP_ERROR_NO_SUCH_DEVICE) || text.contains("No such device")) {
            return new CaptureException("no interface " + where + ": see `ip link`", e);
        }
        if (rc != null && rc == PCAP_ERROR_IFACE_NOT_UP) {
            return new CaptureException("interface " + where + " is down: `ip link set " + config.iface() + " up`", e);
        }
        return new CaptureException("cannot capture on " + where + ": " + text, e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().lines().findFirst().orElse("");
    }

    /** LINKTYPE of the frames. */
    int linkType() {
        return handle.getDlt().value();
    }

    /**
     * Reads the next frame into {@link #buffer()} and returns its captured length, or -1 when
     * {@link #wake()} interrupted the wait.
     */
    int next() throws CaptureException {
        int n = reader.next();
        if (n > 0) {
            return n;
        }
        if (n == -1) {
            String why;
            try {
                why = handle.getError();
            } catch (NotOpenException e) {
                why = "handle closed";
            }
            throw new CaptureException("capture on " + iface + " stopped: " + why);
        }
        return -1;
    }

    /** The frame {@link #next()} read last, from offset 0; overwritten by the next call. */
    byte[] buffer() {
        return reader.buffer();
    }

    /** Makes a waiting or the next {@link #next()} return null; safe from any thread. */
    void wake() {
        try {
            handle.breakLoop();
        } catch (NotOpenException e) {
            // closed already: nobody is waiting
        }
    }

    /** Timestamp of the frame {@link #next} read last, in nanoseconds since the Unix epoch. */
    long timestampNanos() {
        return reader.timestampNanos();
    }

    PcapCounters counters() {
        try {
            PcapStat s = handle.getStats();
            return new PcapCounters(s.getNumPacketsReceived(), s.getNumPacketsDropped(),
                    s.getNumPacketsDroppedByIf());
        } catch (PcapNativeException | NotOpenException e) {
            return PcapCounters.NONE;
        }
    }

    @Override
    public void close() {
        handle.close();
    }
}

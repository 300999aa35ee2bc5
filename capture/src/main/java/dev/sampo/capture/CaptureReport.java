package dev.sampo.capture;

import dev.sampo.capture.decap.Outcome;
import dev.sampo.packet.DecodeError;
import java.util.Locale;
import java.util.Map;

/**
 * Counters of a running capture at one moment: libpcap's, and the agent's own from frame to record.
 *
 * @param pcap the kernel's view: frames received, dropped for want of buffer, dropped by the interface
 * @param frames frames the agent read
 * @param sampled frames the sampler kept
 * @param records records handed to the sink
 * @param recordsPerSecond records per second since the previous report
 * @param decap outcomes of decapsulation with a non-zero count
 * @param decodeErrors decode errors of sampled inner frames with a non-zero count
 */
public record CaptureReport(String iface, double seconds, PcapCounters pcap, long frames, long sampled, long records,
                            double recordsPerSecond, Map<Outcome, Long> decap, Map<DecodeError, Long> decodeErrors) {

    /** One line for stderr. */
    public String line() {
        StringBuilder sb = new StringBuilder(160);
        sb.append(String.format(Locale.ROOT, "capture %s %.0fs: received %d kernel-dropped %d if-dropped %d"
                        + " | frames %d sampled %d records %d (%.0f/s)", iface, seconds, pcap.received(),
                pcap.dropped(), pcap.interfaceDropped(), frames, sampled, records, recordsPerSecond));
        if (!decap.isEmpty()) {
            sb.append(" | decap");
            decap.forEach((k, v) -> sb.append(' ').append(k.name().toLowerCase(Locale.ROOT)).append('=').append(v));
        }
        if (!decodeErrors.isEmpty()) {
            sb.append(" | decode");
            decodeErrors.forEach((k, v) -> sb.append(' ').append(k.name().toLowerCase(Locale.ROOT)).append('=')
                    .append(v));
        }
        return sb.toString();
    }
}

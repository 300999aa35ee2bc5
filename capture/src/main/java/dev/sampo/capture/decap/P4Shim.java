package dev.sampo.capture.decap;

import static dev.sampo.bytes.Bytes.u16;

import dev.sampo.packet.DecodeError;
import dev.sampo.packet.LinkType;

/** Strips a P4 clone shim of a given {@link P4ShimFormat} and keeps its fields. */
final class P4Shim {
    private static final int UDP_HEADER = 8;

    private final P4ShimFormat format;
    private final Underlay underlay = new Underlay();

    P4Shim(P4ShimFormat format) {
        this.format = format;
    }

    Outcome decap(int linkType, byte[] b, int off, int end, InnerFrame out) {
        int shim;
        int limit = end;
        switch (format.position()) {
            case FRAME -> shim = off;
            case ETHERTYPE -> {
                if (linkType != LinkType.ETHERNET) {
                    return Outcome.NOT_ENCAPSULATED;
                }
                if (underlay.ip.linkLayer(linkType, b, off, end) != DecodeError.NONE) {
                    return Outcome.TRUNCATED;
                }
                if (underlay.ip.etherType != format.positionValue()) {
                    return Outcome.NOT_ENCAPSULATED;
                }
                shim = underlay.ip.networkOffset;
            }
            case UDP -> {
                if (!underlay.locate(linkType, b, off, end)) {
                    return underlay.failure;
                }
                int udp = underlay.ip.transportOffset;
                if (underlay.ip.protocol != Underlay.PROTO_UDP) {
                    return Outcome.NOT_ENCAPSULATED;
                }
                if (udp + UDP_HEADER > underlay.end()) {
                    return Outcome.TRUNCATED;
                }
                if (u16(b, udp + 2) != format.positionValue()) {
                    return Outcome.NOT_ENCAPSULATED;
                }
                int length = u16(b, udp + 4);
                if (length < UDP_HEADER) {
                    return Outcome.MALFORMED;
                }
                limit = Math.min(underlay.end(), udp + length);
                out.point.from(underlay.header.srcHi, underlay.header.srcLo);
                shim = udp + UDP_HEADER;
            }
            default -> throw new IllegalStateException(format.position().name());
        }
        if (shim + format.length() > limit) {
            return Outcome.TRUNCATED;
        }
        fields(b, shim, out);
        return out.found(Outcome.P4, format.innerIsIp() ? LinkType.RAW : LinkType.ETHERNET, shim + format.length(),
                limit);
    }

    private void fields(byte[] b, int shim, InnerFrame out) {
        if (format.switchId() != null) {
            out.point.set(ObservationPoint.SESSION, format.switchId().read(b, shim));
        }
        if (format.ingressPort() != null) {
            out.point.set(ObservationPoint.SECOND, format.ingressPort().read(b, shim));
        }
        if (format.egressPort() != null) {
            out.point.set(ObservationPoint.THIRD, format.egressPort().read(b, shim));
        }
        if (format.timestamp() != null) {
            out.timestampNanos = format.timestamp().read(b, shim) * format.timestampNanosPerUnit();
        }
        if (format.samplingRate() != null) {
            long rate = format.samplingRate().read(b, shim);
            out.upstreamSamplingRate = (int) Math.max(1, Math.min(Integer.MAX_VALUE, rate));
        }
    }
}

package dev.sampo.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.eval.Truth;
import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import dev.sampo.pcap.CaptureFiles;
import dev.sampo.pcap.CaptureReader;
import dev.sampo.pcap.Frame;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A capture file with many concurrent sessions, for {@code ./sampo analyze} and {@code ./sampo eval}
 * at scale: every K-th frame of a lab capture (Ethernet, IPv4), written COPIES times in turn, each
 * copy rewritten as {@link CaptureCopies} copies decoded packets (client addresses into
 * 100.64.0.0/10, DSNs and DATA_ACKs shifted), so copies are distinct sessions and time order
 * holds; and the truth of the copies beside it. Checksums are left as they were: the decoder does
 * not check them. Copies keep the capture's MPTCP keys, so run association with {@code --no-token}.
 *
 * <p>usage: {@code java -cp benchmarks/target/benchmarks.jar dev.sampo.bench.CopiedCaptureFile
 * COPIES EVERY_KTH OUT.pcap [CAPTURE TRUTH]}; writes OUT.pcap and OUT.truth.json
 */
public final class CopiedCaptureFile {
    private static final int ETHERNET = 1;
    private static final int DSS = 2;

    private CopiedCaptureFile() {
    }

    public static void main(String[] args) throws IOException {
        int copies = Integer.parseInt(args[0]);
        int every = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        Path capture = Path.of(args.length > 4 ? args[3] : "../shared/datasets/paper40/full.pcap.gz");
        Path truthFile = Path.of(args.length > 4 ? args[4] : "../shared/datasets/paper40/truth.json");
        if (copies < 1 || copies > 1024) {
            throw new IllegalArgumentException("1 to 1,024 copies: the IPv4 range of CaptureCopies holds no more");
        }
        long frames = 0;
        long written = 0;
        try (CaptureReader reader = CaptureFiles.open(capture);
             DataOutputStream pcap = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(out), 1 << 20))) {
            writeHeader(pcap);
            Frame f = new Frame();
            while (reader.next(f)) {
                if (frames++ % every != 0) {
                    continue;
                }
                if (f.linkType != ETHERNET) {
                    throw new IOException(capture + ": frame " + f.number + " is not Ethernet");
                }
                byte[] original = java.util.Arrays.copyOfRange(f.data, f.offset, f.offset + f.capturedLength);
                for (int copy = 0; copy < copies; copy++) {
                    byte[] b = original.clone();
                    rewrite(b, copy);
                    pcap.writeInt(Integer.reverseBytes((int) (f.timestampNanos / 1_000_000_000L)));
                    pcap.writeInt(Integer.reverseBytes((int) (f.timestampNanos / 1000 % 1_000_000)));
                    pcap.writeInt(Integer.reverseBytes(b.length));
                    pcap.writeInt(Integer.reverseBytes(f.originalLength));
                    pcap.write(b);
                    written++;
                }
            }
        }
        writeTruth(Truth.read(truthFile), copies, Path.of(out.toString().replaceFirst("\\.pcap$", "") + ".truth.json"));
        System.out.printf("%s: %d frames (every %d-th of %d in %s, %d copies)%n", out, written, every, frames, capture,
                copies);
    }

    /** Little-endian classic pcap, microsecond timestamps, Ethernet. */
    private static void writeHeader(DataOutputStream pcap) throws IOException {
        pcap.writeInt(0xd4c3b2a1);
        pcap.writeShort(Short.reverseBytes((short) 2));
        pcap.writeShort(Short.reverseBytes((short) 4));
        pcap.writeInt(0);
        pcap.writeInt(0);
        pcap.writeInt(Integer.reverseBytes(65535));
        pcap.writeInt(Integer.reverseBytes(ETHERNET));
    }

    /** Moves an IPv4 TCP frame into copy {@code copy}; any other frame is left as it is. */
    private static void rewrite(byte[] b, int copy) {
        int ip = 14;
        if (b.length < ip + 20 || (b[12] & 0xFF) != 0x08 || b[13] != 0x00 || (b[ip] & 0xF0) != 0x40 || b[ip + 9] != 6) {
            return;
        }
        int tcp = ip + (b[ip] & 0x0F) * 4;
        if (b.length < tcp + 20) {
            return;
        }
        int client = CaptureCopies.isServer(u16(b, tcp)) ? ip + 16 : ip + 12;
        putIpv4(b, client, CaptureCopies.client(ipv4(b, client), copy));
        int end = Math.min(b.length, tcp + ((b[tcp + 12] & 0xF0) >>> 4) * 4);
        long shift = (copy + 1) * 0x9E37_79B9_7F4A_7C15L;
        for (int o = tcp + 20; o < end; ) {
            int kind = b[o] & 0xFF;
            if (kind == 0 || kind == 1) {
                o++;
                continue;
            }
            int len = o + 1 < end ? b[o + 1] & 0xFF : 0;
            if (len < 2 || o + len > end) {
                return;
            }
            if (kind == 30 && len >= 4 && (b[o + 2] & 0xF0) >>> 4 == DSS) {
                int flags = b[o + 3];
                int at = o + 4;
                if ((flags & 0x01) != 0) {
                    int width = (flags & 0x02) != 0 ? 8 : 4;
                    add(b, at, width, shift);
                    at += width;
                }
                if ((flags & 0x04) != 0) {
                    add(b, at, (flags & 0x08) != 0 ? 8 : 4, shift);
                }
            }
            o += len;
        }
    }

    private static void add(byte[] b, int at, int width, long shift) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = v << 8 | (b[at + i] & 0xFF);
        }
        v += shift;
        for (int i = width - 1; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private static IpAddress ipv4(byte[] b, int at) {
        return IpAddress.ofV4((b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF));
    }

    private static void putIpv4(byte[] b, int at, IpAddress a) {
        int v = (int) a.lo();
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void writeTruth(Truth truth, int copies, Path file) throws IOException {
        List<Map<String, Object>> sessions = new ArrayList<>();
        for (int copy = 0; copy < copies; copy++) {
            for (List<SubflowId> session : truth.sessions()) {
                List<List<Object>> subflows = new ArrayList<>();
                for (SubflowId id : session) {
                    SubflowId c = CaptureCopies.subflow(id, copy);
                    subflows.add(List.of(c.a().toString(), c.aPort(), c.b().toString(), c.bPort()));
                }
                sessions.add(Map.of("subflows", subflows));
            }
        }
        try (OutputStream o = Files.newOutputStream(file)) {
            new ObjectMapper().writeValue(o, Map.of("sessions", sessions));
        }
    }
}

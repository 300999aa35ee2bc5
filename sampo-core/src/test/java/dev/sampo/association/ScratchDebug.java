package dev.sampo.association;

import dev.sampo.packet.PacketRecord;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import java.nio.file.Path;
import java.util.*;
import org.junit.jupiter.api.Test;

class ScratchDebug {
    @Test
    void debug() throws Exception {
        String file = System.getenv("DBG_FILE");
        String[] pairs = System.getenv("DBG_PAIRS").split(";");
        AssociationConfig cfg = AssociationConfig.DEFAULTS.withTokens(false).withDsnBits(Integer.parseInt(System.getenv().getOrDefault("DBG_BITS","64")));
        AssociationEngine e = new AssociationEngine(cfg); long last = 0;
        try (var src = new CapturePacketSource(Path.of(file), Sampler.parse(System.getenv("DBG_SAMPLE")), true)) {
            for (PacketRecord p = src.next(); p != null; p = src.next()) { e.accept(p); last = p.tsMicros(); }
        }
        AssociationResult res = e.associate(last);
        for (PairDecision d : res.pairs()) if (d.verdict() == PairDecision.Verdict.SAME && d.phi() < 0.99999999) System.out.println("WEAK " + d);
        var f = SubflowState.class;
        var m = AssociationEngine.class.getDeclaredField("subflows"); m.setAccessible(true);
        @SuppressWarnings("unchecked") Map<SubflowId, SubflowState> sf = (Map<SubflowId, SubflowState>) m.get(e);
        TrackComparator tc = new TrackComparator(cfg);
        for (String p : pairs) {
            String[] ab = p.split(",");
            SubflowState a = sf.get(SubflowId.parse(ab[0])), b = sf.get(SubflowId.parse(ab[1]));
            System.out.println("PAIR " + a.id + " " + b.id + " -> " + new PairJudge(cfg).judge(a, b));
            for (SubflowState s : List.of(a, b)) for (int t = 0; t < 2; t++) {
                Track k = s.tracks[t];
                StringBuilder sb = new StringBuilder("  " + s.id + " track" + t + " bits=" + k.bits() + " base=" + Long.toUnsignedString(k.base()) + " [" + k.minOffset() + "," + k.maxOffset() + "] n=" + k.count() + ":");
                for (int i = 0; i < k.count(); i++) sb.append(" (" + k.t0(i) % 100000000 + "," + k.lo(i) + ".." + k.hi(i) + "," + k.kind(i) + ")");
                System.out.println(sb);
            }
            for (int o = 0; o < 2; o++) for (int sp = 0; sp < 2; sp++) {
                Track x = a.tracks[sp], y = b.tracks[sp ^ o];
                if (x.isEmpty() || y.isEmpty()) continue;
                System.out.println("  o=" + o + " sp=" + sp + " " + tc.compare(x, y, 100));
            }
        }
    }
}

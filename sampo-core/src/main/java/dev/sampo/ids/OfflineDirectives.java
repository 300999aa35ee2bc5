package dev.sampo.ids;

import dev.sampo.association.AssociationEngine;
import dev.sampo.association.AssociationResult;
import dev.sampo.association.OfflineRun;
import dev.sampo.association.Session;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketSource;
import dev.sampo.wire.DirectiveRecord;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code ./sampo directives}: association runs over the capture as {@code analyze} runs it, and each
 * alert is applied at its own time against the grouping of the last period before it; every
 * period's grouping then reaches the decisions still alive (subflows that joined).
 */
public final class OfflineDirectives {
    private OfflineDirectives() {
    }

    public static OfflineRun.Outcome run(PacketSource source, AssociationEngine engine, List<EveAlert> alerts,
                                         DirectiveBook book, Consumer<DirectiveRecord> out) throws IOException {
        ArrayDeque<EveAlert> pending = new ArrayDeque<>(alerts.stream()
                .sorted(Comparator.comparingLong(EveAlert::tsMicros)).toList());
        Map<SubflowId, SessionFacts> grouping = new HashMap<>();
        OfflineRun.Outcome outcome = OfflineRun.run(source, engine, changes -> {
            AssociationResult result = engine.result();
            while (!pending.isEmpty() && pending.peekFirst().tsMicros() < result.atMicros()) {
                EveAlert a = pending.pollFirst();
                book.alert(a, grouping.get(a.subflow())).forEach(out);
            }
            regroup(result, grouping);
            for (Session s : result.sessions()) {
                book.session(grouping.get(s.subflows().get(0).id()), result.atMicros()).forEach(out);
            }
        });
        for (EveAlert a : pending) {
            book.alert(a, grouping.get(a.subflow())).forEach(out);
        }
        return outcome;
    }

    private static void regroup(AssociationResult result, Map<SubflowId, SessionFacts> grouping) {
        grouping.clear();
        for (Session s : result.sessions()) {
            SessionFacts facts = SessionFacts.of(s);
            facts.subflows().forEach(id -> grouping.put(id, facts));
        }
    }
}

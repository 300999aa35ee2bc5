package dev.sampo.cli;

import dev.sampo.association.AssociationResult;
import dev.sampo.eval.Evaluation;
import java.io.PrintWriter;

/**
 * The demo's last words: what its figures mean to someone who has not read the paper, and
 * whether the run worked. A good run makes no wrong grouping (precision 1) and finds nearly every
 * pair that sampling left findable (recall of oracle near 1); recall itself is bounded by the
 * sampling, which the oracle recall measures.
 */
record DemoVerdict(Evaluation.Report report, AssociationResult streamed, String sample) {
    /** Below this recall of oracle, a run finds too few of the pairs it could have found. */
    static final double GOOD_RECALL_OF_ORACLE = 0.9;

    void print(PrintWriter out) {
        long findable = Math.round(report.oracleRecall() * report.positivePairs());
        out.printf("what this means:%n");
        out.printf("- precision %.4f: %s%n", report.precision(), report.fp() == 0
                ? "no two subflows of different sessions were grouped together"
                : report.fp() + " pairs of subflows from different sessions were grouped together");
        out.printf("- oracle recall %.4f: sampling (%s) kept packets of both subflows for only %d of the %d"
                + " same-session pairs; no method can link the others%n", report.oracleRecall(), sample, findable,
                report.positivePairs());
        out.printf("- recall of oracle %.4f: Sampo linked %d of those %d (recall %.4f counts all %d, findable or not)%n",
                report.recallOfOracle(), report.tp(), findable, report.recall(), report.positivePairs());
        long lone = streamed.sessions().stream().filter(s -> s.subflows().size() == 1).count();
        out.printf("- %d sessions against %d in the truth: a session whose subflows the sample did not link all"
                + " together shows as several; %d of the %d are a lone subflow (\"linked to no other\")%n",
                streamed.sessions().size(), report.truthSessions(), lone, streamed.sessions().size());
        out.println(verdict());
        out.flush();
    }

    String verdict() {
        if (report.fp() > 0) {
            return String.format("verdict: WRONG GROUPINGS: %d pairs grouped that the truth keeps apart"
                    + " (a good run has precision 1.0000)", report.fp());
        }
        if (report.recallOfOracle() < GOOD_RECALL_OF_ORACLE) {
            return String.format("verdict: TOO FEW LINKS: recall of oracle %.4f, where a good run has %.2f or more",
                    report.recallOfOracle(), GOOD_RECALL_OF_ORACLE);
        }
        return String.format("verdict: it works: no wrong grouping, and %.0f %% of the pairs the sample made findable"
                + " were found (a good run: precision 1.0000, recall of oracle %.2f or more)",
                100 * report.recallOfOracle(), GOOD_RECALL_OF_ORACLE);
    }
}

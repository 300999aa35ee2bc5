package dev.sampo.bench;

import dev.sampo.association.Evidence;
import dev.sampo.association.IncrementalGrouping;
import dev.sampo.association.PairDecision;
import dev.sampo.association.SubflowSummary;
import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What the streaming job's grouping stage (one instance, {@link IncrementalGrouping}) costs with
 * N live subflows when C of them change in a period: sessions of four subflows, two of them
 * linked by a token, each subflow with SAME decisions on its three session mates and DISTINCT
 * ones on its places in the sessions before and after (five decisions a subflow, as DSN buckets
 * send them). Each measured period gives C random subflows a new summary and renews all their
 * decisions. Every summary and decision holds its own copy of its ids, as the job's, which are
 * read from a stream, do: whatever of them the grouping keeps is counted, and a lookup reads the
 * copy it is given, fresh in the young generation, against what the grouping holds. Reports the
 * heap per live subflow (after a full GC, anything the grouping keeps of the ids included), the
 * median and worst CPU per period, and a JSON summary as the last line. Its renewals decide as
 * before (the same verdicts and Φ), so every session a period reaches keeps its links.
 *
 * <p>Given another build's benchmarks jar, it runs that build's grouping beside this one's in the
 * same process, period by period in turn (each going first every other period), and reports
 * both and the median ratio of this build's CPU to the other's in the same period: on a machine
 * shared with other builds, two runs a minute apart differ by more than most changes do.
 *
 * <p>usage: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar dev.sampo.bench.GroupingCost
 * [SUBFLOWS] [CHANGED] [PERIODS] [OTHER_BENCHMARKS_JAR]}
 */
public final class GroupingCost {
    private static final int SESSION = 4;

    private GroupingCost() {
    }

    public static void main(String[] args) throws Exception {
        PositionalArgs arguments = new PositionalArgs(args);
        int n = arguments.intAt(0, 1_000_000);
        int changedPerPeriod = arguments.intAt(1, 10_000);
        int periods = arguments.intAt(2, 5);
        if (args.length > 3) {
            paired(n, changedPerPeriod, periods, Path.of(args[3]));
            return;
        }
        Run run = new Run(n, changedPerPeriod);
        double[] cpuMillis = new double[periods];
        for (int k = 0; k < periods; k++) {
            cpuMillis[k] = run.period();
        }
        Arrays.sort(cpuMillis);
        System.out.printf(Locale.ROOT, "{\"subflows\":%d,\"changed\":%d,\"bytesPerSubflow\":%d,"
                        + "\"medianCpuMillis\":%.1f,\"worstCpuMillis\":%.1f}%n", run.ids.length, changedPerPeriod,
                run.bytesPerSubflow, cpuMillis[periods / 2], cpuMillis[periods - 1]);
    }

    /** This build's grouping and the one in {@code otherJar}, period by period in turn. */
    private static void paired(int n, int changedPerPeriod, int periods, Path otherJar) throws Exception {
        ClassLoader loader = new URLClassLoader(new URL[] {otherJar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Class<?> otherRun = loader.loadClass(Run.class.getName());
        Object other = otherRun.getConstructor(int.class, int.class).newInstance(n, changedPerPeriod);
        Method otherPeriod = otherRun.getMethod("period");
        Run run = new Run(n, changedPerPeriod);
        double[] ours = new double[periods];
        double[] theirs = new double[periods];
        double[] ratio = new double[periods];
        for (int k = 0; k < periods; k++) {
            if (k % 2 == 0) {
                ours[k] = run.period();
                theirs[k] = (Double) otherPeriod.invoke(other);
            } else {
                theirs[k] = (Double) otherPeriod.invoke(other);
                ours[k] = run.period();
            }
            ratio[k] = ours[k] / theirs[k];
        }
        Arrays.sort(ours);
        Arrays.sort(theirs);
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "{\"subflows\":%d,\"changed\":%d,\"bytesPerSubflow\":%d,\"otherBytesPerSubflow\":%d,"
                        + "\"medianCpuMillis\":%.1f,\"worstCpuMillis\":%.1f,\"otherMedianCpuMillis\":%.1f,"
                        + "\"otherWorstCpuMillis\":%.1f,\"medianRatio\":%.3f}%n", run.ids.length, changedPerPeriod,
                run.bytesPerSubflow, otherRun.getField("bytesPerSubflow").getLong(other), ours[periods / 2], ours[periods - 1],
                theirs[periods / 2], theirs[periods - 1], ratio[periods / 2]);
    }

    /**
     * A grouping of N live subflows, built from scratch, and the periods measured on it one at a
     * time (public, so that a harness can step the runs of two builds in turn).
     */
    public static final class Run {
        private final SubflowId[] ids;
        private final int changedPerPeriod;
        private final IncrementalGrouping grouping = new IncrementalGrouping();
        private final SplittableRandom random = new SplittableRandom(14);
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        /** Heap per live subflow after the build, ids included. */
        public final long bytesPerSubflow;
        private int periods;

        public Run(int subflows, int changedPerPeriod) {
            int n = subflows / SESSION * SESSION;
            this.changedPerPeriod = changedPerPeriod;
            // Random client ports: ports that step with the address would make the ids' hash codes
            // multiples of 32, and every hash map of them a chain of collisions.
            SplittableRandom ports = new SplittableRandom(40);
            ids = new SubflowId[n];
            for (int i = 0; i < n; i++) {
                ids[i] = SubflowId.of(IpAddress.ofV4(0x6440_0000 + i), 1024 + ports.nextInt(64_512),
                        IpAddress.ofV4(0x0A00_0001), 5000);
            }
            long before = usedHeap();
            List<SubflowSummary> all = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                all.add(summary(ids, i, 1));
            }
            List<PairDecision> decisions = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                decisionsOf(ids, i, d -> d.aIndex() == index).forEach(d -> decisions.add(d.decision()));
            }
            long buildStart = System.nanoTime();
            grouping.period(all, List.of(), decisions);
            double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
            all.clear();
            decisions.clear();
            bytesPerSubflow = (usedHeap() - before) / n;
            System.out.printf(Locale.ROOT, "%d live subflows, %d sessions, grouped from scratch in %.1f s; %d bytes of "
                    + "heap per live subflow (ids included)%n", grouping.size(), n / SESSION, buildSeconds, bytesPerSubflow);
        }

        /** One period: C random subflows change, all their decisions are renewed. Returns its CPU milliseconds. */
        public double period() {
            int n = ids.length;
            Set<Integer> changed = new HashSet<>();
            while (changed.size() < Math.min(changedPerPeriod, n)) {
                changed.add(random.nextInt(n));
            }
            periods++;
            List<SubflowSummary> summaries = new ArrayList<>();
            Set<Long> pairs = new HashSet<>();
            // Each decision once, allocated in the order of the list, as the job's grouping stage reads them from a stream.
            List<PairDecision> decided = new ArrayList<>();
            for (int i : changed) {
                summaries.add(summary(ids, i, periods + 1));
                decisionsOf(ids, i, d -> pairs.add((long) d.aIndex() << 32 | d.bIndex())).forEach(d -> decided.add(d.decision()));
            }
            long cpu = threads.getCurrentThreadCpuTime();
            grouping.period(summaries, List.of(), decided);
            double cpuMillis = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
            System.out.printf(Locale.ROOT, "period %d: %d changed subflows, %d decisions renewed: %.1f ms CPU%n", periods,
                    changed.size(), decided.size(), cpuMillis);
            return cpuMillis;
        }
    }

    /** Subflow i: packets grow with the period; the first two of a session share their token. */
    private static SubflowSummary summary(SubflowId[] ids, int i, int period) {
        int session = i / SESSION;
        // No token: the one shared empty array, as the job's summaries have it (SummaryCodec).
        long[] tokens = i % SESSION < 2 ? new long[] {session} : SubflowSummary.tokenArray(0);
        return new SubflowSummary(copy(ids[i]), tokens, i % SESSION < 2 ? session : -1, 10L * period, 1_000L * period,
                1_000_000, 1_000_000L * period);
    }

    /** A decision with the indexes of its subflows. */
    private record Decision(int aIndex, int bIndex, PairDecision decision) {
    }

    /** The decisions naming subflow i (SAME with its session mates, DISTINCT with i ± 4) that {@code keep} keeps. */
    private static List<Decision> decisionsOf(SubflowId[] ids, int i, java.util.function.Predicate<Decision> keep) {
        List<Decision> out = new ArrayList<>();
        int first = i / SESSION * SESSION;
        for (int j = first; j < first + SESSION; j++) {
            if (j != i) {
                out.add(decision(ids, i, j, PairDecision.Verdict.SAME));
            }
        }
        out.add(decision(ids, i, (i + SESSION) % ids.length, PairDecision.Verdict.DISTINCT));
        out.add(decision(ids, i, (i - SESSION + ids.length) % ids.length, PairDecision.Verdict.DISTINCT));
        return out.stream().filter(keep).toList();
    }

    private static Decision decision(SubflowId[] ids, int i, int j, PairDecision.Verdict verdict) {
        int a = ids[i].compareTo(ids[j]) < 0 ? i : j;
        int b = a == i ? j : i;
        return new Decision(a, b, new PairDecision(copy(ids[a]), copy(ids[b]), verdict, verdict == PairDecision.Verdict.SAME ? 0.99 : 0.1,
                verdict == PairDecision.Verdict.SAME ? 0.0 : 0.99, Evidence.DSN, 64, false));
    }

    /** An id as one read from a stream is: equal to the one held, its own object, addresses included. */
    private static SubflowId copy(SubflowId id) {
        return new SubflowId(new IpAddress(id.a().hi(), id.a().lo()), id.aPort(), new IpAddress(id.b().hi(), id.b().lo()),
                id.bPort());
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

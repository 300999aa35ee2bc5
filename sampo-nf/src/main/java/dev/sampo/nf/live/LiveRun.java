package dev.sampo.nf.live;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the steering point did in a run, for the verdict.
 *
 * @param finishing the instances sent FINISH (those still alive)
 * @param steps migration steps read from the migrations topic, by status
 * @param aborts the detail of every handover the steering point aborted
 * @param badLoadReports load-topic records that were not load reports (counted, skipped)
 * @param maxControllerBuffer most packets the steering point held at once (SHarP)
 * @param failedSends the steering point's sends that failed for good (packets or protocol messages lost)
 * @param orphans the session keys whose instance died holding them (they went on elsewhere, without their state)
 */
public record LiveRun(Stamper stamper, List<SwitchHandover> handovers, List<String> finishing, Map<String, Long> steps,
        List<String> aborts, long badLoadReports, long maxControllerBuffer, long failedSends, Set<String> orphans) {
}

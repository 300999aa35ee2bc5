/**
 * The migration protocols' rules, written once and run both by the simulator ({@code sim}, on its
 * event loop) and by the live NF runtime (sampo-nf's {@code dev.sampo.nf.live}, between processes):
 * what the controller holds until release ({@link dev.sampo.migration.handover.ControllerQueue}),
 * SHarP's destination buffers up to the end-of-release sentinel
 * ({@link dev.sampo.migration.handover.DestinationBuffers}), reprocessing's sequence-ordered replay
 * with output suppressed ({@link dev.sampo.migration.handover.ReplaySequencer}), and Weak-O's
 * cohesive-subsequence boundary ({@link dev.sampo.migration.handover.CohesionTracker}). Each is a
 * state machine fed by whoever carries the messages; none knows about time or transport.
 */
package dev.sampo.migration.handover;

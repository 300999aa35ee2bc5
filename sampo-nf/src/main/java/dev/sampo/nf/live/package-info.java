/**
 * Session migration between live NF processes: the reference NF of sampo-core's
 * {@code migration.nf} as a process of its own ({@link dev.sampo.nf.live.NfProcess}), fed over
 * Kafka by a steering point ({@link dev.sampo.nf.live.SteeringPoint}) that replays a capture and
 * follows {@code sampo.steering}, and the protocols' rules of {@code migration.handover} run between
 * them: the steering point plays the switch and the controller, the NF nodes the source and the
 * destination ({@link dev.sampo.nf.live.NfNode}). {@link dev.sampo.nf.live.LiveVerdict} judges a run
 * against a single-instance run over the same packets.
 */
package dev.sampo.nf.live;

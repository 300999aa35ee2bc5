package dev.sampo.migration.sim;

/**
 * A link that delivers in the order it was sent even when messages take different times (a large
 * state export followed by small updates): a message never overtakes the one before it.
 */
final class FifoChannel {
    private final EventLoop loop;
    private long lastDelivery;

    FifoChannel(EventLoop loop) {
        this.loop = loop;
    }

    void send(long delayMicros, Runnable delivery) {
        lastDelivery = Math.max(loop.now() + delayMicros, lastDelivery);
        loop.at(lastDelivery, delivery);
    }
}

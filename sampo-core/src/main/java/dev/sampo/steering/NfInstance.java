package dev.sampo.steering;

/**
 * An NF instance that sessions can be steered to.
 *
 * @param id the instance's name, as its load reports give it
 * @param capacity packets per second it can process: its weight in placement
 */
public record NfInstance(String id, double capacity) {
    public NfInstance {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an NF instance needs an id");
        }
        if (!(capacity > 0) || Double.isInfinite(capacity)) {
            throw new IllegalArgumentException("NF instance " + id + ": capacity must be a positive number, not "
                    + capacity);
        }
    }
}

package dev.sampo.stream;

/**
 * An input record the job could not use, copied byte for byte to the dead-letter topic with why
 * and where from. A Flink POJO: public fields and a no-argument constructor.
 */
public class DeadLetter {
    public String key;
    public byte[] value;
    public String error;
    /** "partition@offset" in the packets topic. */
    public String source;

    public DeadLetter() {
    }

    static DeadLetter of(WirePacket w, String error) {
        DeadLetter d = new DeadLetter();
        d.key = w.keyText();
        d.value = w.value();
        d.error = error;
        d.source = w.partition() + "@" + w.offset();
        return d;
    }
}

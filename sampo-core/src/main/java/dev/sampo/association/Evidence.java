package dev.sampo.association;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What holds a pair or a session together. The JSON values ({@link #label}) are those of the
 * output records' {@code evidence} field.
 */
public enum Evidence {
    /** Keys or tokens (MP_CAPABLE, MP_JOIN): authoritative. */
    TOKEN("token"),
    /** DSN tracks alone. */
    DSN("dsn"),
    /** A session joined by both. */
    TOKEN_AND_DSN("token+dsn"),
    /** A lone subflow with neither. */
    NONE("none");

    private final String label;

    Evidence(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static Evidence of(String label) {
        for (Evidence e : values()) {
            if (e.label.equals(label)) {
                return e;
            }
        }
        throw new IllegalArgumentException("not an evidence label (token, dsn, token+dsn, none): " + label);
    }

    @Override
    public String toString() {
        return label;
    }
}

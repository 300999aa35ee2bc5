package dev.sampo.mptcp;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigInteger;

/** Writes a long holding an unsigned 64-bit value as an unsigned decimal JSON number. */
public final class UnsignedLongSerializer extends StdSerializer<Long> {
    private static final long serialVersionUID = 1L;

    public UnsignedLongSerializer() {
        super(Long.class);
    }

    @Override
    public void serialize(Long value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        if (value >= 0) {
            gen.writeNumber(value);
        } else if (gen.canWriteFormattedNumbers()) {
            // Written as number text: no BigInteger per value on the JSON hot path.
            gen.writeNumber(Long.toUnsignedString(value));
        } else {
            // Binary formats (CBOR) would write number text as a string; they take a bignum.
            gen.writeNumber(new BigInteger(Long.toUnsignedString(value)));
        }
    }
}

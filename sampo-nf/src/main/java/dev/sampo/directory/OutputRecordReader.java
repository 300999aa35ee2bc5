package dev.sampo.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.sampo.flow.SubflowId;
import dev.sampo.wire.HeaderNames;
import dev.sampo.wire.Schemas;
import dev.sampo.wire.SessionRecord;
import dev.sampo.wire.SubflowRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads the values of {@code sampo.sessions} and {@code sampo.subflows} into checked records.
 * A value with fields this version does not know is still read (producers may add fields) and
 * reported so; anything else that is not the schema is a {@link MalformedValueException}.
 */
final class OutputRecordReader {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final ObjectReader STRICT_SESSION = MAPPER.readerFor(SessionRecord.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectReader LENIENT_SESSION = MAPPER.readerFor(SessionRecord.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectReader STRICT_SUBFLOW = MAPPER.readerFor(SubflowRecord.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectReader LENIENT_SUBFLOW = MAPPER.readerFor(SubflowRecord.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private OutputRecordReader() {
    }

    /** A value as read, and whether it carried fields this version skipped. */
    record Read<T>(T value, boolean unknownFields) {
    }

    /** A record that is not the schema its topic carries; the message says what is wrong. */
    static final class MalformedValueException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedValueException(String message) {
            super(message);
        }
    }

    static Read<SessionView> session(String key, byte[] value, Headers headers) throws MalformedValueException {
        requireSchema(headers, Schemas.SESSION_V1);
        Read<SessionRecord> read = parse(value, STRICT_SESSION, LENIENT_SESSION);
        SessionRecord r = read.value();
        if (!r.session().equals(key)) {
            throw new MalformedValueException("session " + r.session() + " under key " + key);
        }
        if (r.subflows().isEmpty()) {
            throw new MalformedValueException("session " + key + " has no subflows");
        }
        List<SessionView.Member> members = new ArrayList<>(r.subflows().size());
        for (SessionRecord.Member m : r.subflows()) {
            if (m == null) {
                throw new MalformedValueException("session " + key + " has a null subflow");
            }
            members.add(new SessionView.Member(subflowId(m.a() + "-" + m.b()), m.packets(), m.bytes()));
        }
        return new Read<>(new SessionView(r.session(), token(r.token()), confidence(r.confidence()), r.evidence(),
                members, r.firstSeenMicros(), r.lastSeenMicros(), false), read.unknownFields());
    }

    static Read<SubflowRecord> subflow(SubflowId key, byte[] value, Headers headers) throws MalformedValueException {
        requireSchema(headers, Schemas.SUBFLOW_V1);
        Read<SubflowRecord> read = parse(value, STRICT_SUBFLOW, LENIENT_SUBFLOW);
        SubflowRecord r = read.value();
        if (!r.subflow().equals(key)) {
            throw new MalformedValueException("subflow " + r.subflow() + " under key " + key);
        }
        SubflowRecord checked = new SubflowRecord(key, r.session(), token(r.token()),
                confidence(r.confidence()), r.evidence(), r.sessionSubflows());
        return new Read<>(checked, read.unknownFields());
    }

    static SubflowId subflowId(String text) throws MalformedValueException {
        try {
            return SubflowId.parse(text);
        } catch (RuntimeException e) {
            throw new MalformedValueException("not a subflow id IP:PORT-IP:PORT: " + text);
        }
    }

    static String key(byte[] key) throws MalformedValueException {
        if (key == null) {
            throw new MalformedValueException("no key");
        }
        return new String(key, StandardCharsets.UTF_8);
    }

    private static void requireSchema(Headers headers, String expected) throws MalformedValueException {
        Header schema = headers.lastHeader(HeaderNames.SCHEMA);
        if (schema != null && !expected.equals(new String(schema.value(), StandardCharsets.UTF_8))) {
            throw new MalformedValueException("schema " + new String(schema.value(), StandardCharsets.UTF_8)
                    + ", expected " + expected);
        }
    }

    private static <T> Read<T> parse(byte[] value, ObjectReader strict, ObjectReader lenient)
            throws MalformedValueException {
        try {
            return new Read<>(strict.readValue(value), false);
        } catch (UnrecognizedPropertyException e) {
            try {
                return new Read<>(lenient.readValue(value), true);
            } catch (IOException again) {
                throw notTheSchema(again);
            }
        } catch (IOException e) {
            throw notTheSchema(e);
        }
    }

    private static MalformedValueException notTheSchema(IOException e) {
        String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return new MalformedValueException("not JSON of the schema: " + reason);
    }

    /** Tokens are compared as text, so one spelling: lower-case hex. */
    private static String token(String token) throws MalformedValueException {
        if (token == null) {
            return null;
        }
        if (token.isEmpty() || token.length() > 8 || !token.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new MalformedValueException("token is not 32-bit hex: " + token);
        }
        return String.format("%08x", Long.parseLong(token, 16));
    }

    private static double confidence(double phi) throws MalformedValueException {
        if (!(phi >= 0 && phi <= 1)) {
            throw new MalformedValueException("confidence outside 0..1: " + phi);
        }
        return phi;
    }
}

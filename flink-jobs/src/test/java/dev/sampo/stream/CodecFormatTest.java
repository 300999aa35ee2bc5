package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sampo.association.Evidence;
import dev.sampo.association.PairDecision;
import dev.sampo.association.SubflowSummary;
import dev.sampo.flow.SubflowId;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Savepoints outlive builds: every serializer of the job's state and exchanges must read what an
 * earlier build wrote. For each, {@code src/test/resources/codec/NAME.hex} keeps what version 1
 * wrote once (its serializer snapshot, then a sample value), and {@code NAME.vN.hex} what each
 * later version N wrote. This build must restore the newest as compatible as is, and every older
 * one as compatible after migration (read in its own version), and read each value back equal to
 * the sample. Changing a format without adding a version (a new {@code Codec} constant) or
 * renaming a format's class fails here; a new format or version fails until its file is written
 * (the failure prints it).
 */
class CodecFormatTest {
    private static final Path SNAPSHOTS = Path.of("src/test/resources/codec");
    private static final SubflowId V4 = SubflowId.parse("10.0.0.2:80-10.0.0.1:5000");
    private static final SubflowId V6 = SubflowId.parse("[2001:db8::1]:443-[2001:db8::2]:65535");
    private static final PairDecision DECISION =
            new PairDecision(V4, V6, PairDecision.Verdict.SAME, 0.25, 0.995, Evidence.DSN, 32, true);
    private static final SubflowSummary SUMMARY =
            new SubflowSummary(V4, new long[] {0x0a0b0c0dL, 0x11223344L}, 0x55667788L, 40, 52_000, 1_000_000, 3_500_000);
    private static final SubflowUpdate UPDATE = new SubflowUpdate(999, V4, new byte[] {1, 2, 3});

    /** A serializer of the job, a sample value, and what makes two values equal (records holding arrays). */
    record Format<T>(String name, TypeInformation<T> type, T sample, Function<T, Object> content) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Format<?>> formats() throws IOException {
        return Stream.of(
                new Format<>("subflow-id", SubflowIdCodec.TYPE, V6, v -> v),
                new Format<>("packet-record", PacketRecordCodec.TYPE, LabSample.records().get(0), v -> v),
                new Format<>("decided-pair", DecidedPair.TYPE, new DecidedPair(1999, DECISION), v -> v),
                new Format<>("bucket-removal", BucketRemoval.TYPE, new BucketRemoval(15, 2999, V6), v -> v),
                new Format<>("subflow-update", SubflowUpdate.TYPE, UPDATE, CodecFormatTest::contentOf),
                new Format<>("bucket-update", BucketUpdate.TYPE, new BucketUpdate(7, UPDATE),
                        b -> List.of(b.bucket(), contentOf(b.update()))),
                new Format<>("pair-decision", PairDecisionCodec.TYPE, DECISION, v -> v),
                new Format<>("subflow-change", SubflowChange.TYPE, SubflowChange.of(999, SUMMARY),
                        c -> List.of(c.period(), c.subflow(), contentOf(c.summary()))),
                new Format<>("subflow-removed", SubflowChange.TYPE, SubflowChange.removed(999, V6), v -> v),
                new Format<>("subflow-summary", SummaryCodec.TYPE, SUMMARY, CodecFormatTest::contentOf),
                new Format<>("wire-packet", WirePacket.TYPE, WirePacket.of(V4.toString(), new byte[] {7, 8, 9}, 3, 1234),
                        w -> List.of(HexFormat.of().formatHex(w.key()), w.subflow(), HexFormat.of().formatHex(w.value()),
                                w.partition(), w.offset())),
                new Format<>("session-segment", SessionSegment.TYPE,
                        new SessionSegment(StreamKey.of("s1", "0a0b0c0d"), "s1", new byte[] {4, 5, 6}),
                        s -> List.of(s.stream(), s.session(), HexFormat.of().formatHex(s.wire()))),
                new Format<>("stream-key-token", StreamKey.TYPE, new StreamKey.Token(0xc8676386), v -> v),
                new Format<>("stream-key-session", StreamKey.TYPE, new StreamKey.Session("0d15715be45dcd82"), v -> v),
                new Format<>("stream-key-subflow", StreamKey.TYPE, new StreamKey.Subflow(V6), v -> v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    <T> void whatEachVersionWroteIsRestoredAndReadAsItWas(Format<T> format) throws IOException {
        TypeSerializer<T> current = format.type().createSerializer(new SerializerConfigImpl());
        List<Path> stored = new ArrayList<>();
        for (Path file = fileOf(format, 1); Files.exists(file); file = fileOf(format, stored.size() + 1)) {
            stored.add(file);
        }
        Path next = fileOf(format, stored.size() + 1);
        for (int i = 0; i < stored.size(); i++) {
            Path file = stored.get(i);
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            TypeSerializerSnapshot<T> snapshot = TypeSerializerSnapshot.readVersionedSnapshot(
                    new DataInputDeserializer(HexFormat.of().parseHex(lines.get(0))), getClass().getClassLoader());
            TypeSerializerSchemaCompatibility<T> compatibility =
                    current.snapshotConfiguration().resolveSchemaCompatibility(snapshot);
            if (i == stored.size() - 1 && compatibility.isCompatibleAfterMigration()) {
                fail(file + " is an older version than this build writes; write the new one to " + next + " with:\n"
                        + written(current, format.sample()));
            }
            assertTrue(i == stored.size() - 1 ? compatibility.isCompatibleAsIs()
                    : compatibility.isCompatibleAfterMigration(), file + ": not restorable by this build");
            DataInputDeserializer in = new DataInputDeserializer(HexFormat.of().parseHex(lines.get(1)));
            T read = snapshot.restoreSerializer().deserialize(in);
            assertEquals(0, in.available(), file + ": bytes left over");
            assertEquals(format.content().apply(format.sample()), format.content().apply(read), file.toString());
        }
        if (stored.isEmpty()) {
            fail("no stored snapshot " + next + "; if this format is new, write it with:\n"
                    + written(current, format.sample()));
        }
    }

    private static Path fileOf(Format<?> format, int version) {
        return SNAPSHOTS.resolve(format.name() + (version == 1 ? "" : ".v" + version) + ".hex");
    }

    private static <T> String written(TypeSerializer<T> serializer, T sample) throws IOException {
        return hex(snapshotBytes(serializer)) + "\n" + hex(valueBytes(serializer, sample));
    }

    /** Every codec-backed type the job declares has its stored snapshot in {@link #formats}. */
    @Test
    void everyCodecTypeOfTheJobIsCovered() throws Exception {
        Set<TypeInformation<?>> covered = new HashSet<>();
        formats().forEach(f -> covered.add(f.type()));
        Path classes = Path.of(SampoJob.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(SampoJob.class.getPackageName().replace('.', '/'));
        Set<String> missing = new HashSet<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = SampoJob.class.getPackageName() + "." + f.getFileName().toString().replace(".class", "");
                for (Field field : Class.forName(name).getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) && TypeInformation.class.isAssignableFrom(field.getType())) {
                        field.setAccessible(true);
                        Object type = field.get(null);
                        if (type instanceof CodecTypeInfo<?> && !covered.contains(type)) {
                            missing.add(name + "." + field.getName());
                        }
                    }
                }
            }
        }
        assertEquals(Set.of(), missing, "codec types without a stored snapshot in " + SNAPSHOTS);
    }

    private static Object contentOf(SubflowSummary s) {
        return List.of(s.id(), Arrays.toString(s.tokens()), s.responderToken(), s.packets(), s.payloadBytes(),
                s.firstSeen(), s.lastSeen());
    }

    private static Object contentOf(SubflowUpdate u) {
        return List.of(u.period(), u.subflow(), HexFormat.of().formatHex(u.evidence()));
    }

    private static <T> byte[] snapshotBytes(TypeSerializer<T> serializer) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        return out.getCopyOfBuffer();
    }

    private static <T> byte[] valueBytes(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

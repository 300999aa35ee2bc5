package dev.sampo.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import dev.sampo.wire.PacketWire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code sampo.packets} value format: {@link PacketWire}'s CBOR against the same record as JSON
 * (same field names), and its hand-written reader against data binding, in nanoseconds per record, cycling through the MPTCP records of a real
 * capture. Setup prints bytes per record of each. Run from the repository root:
 * {@code java -jar benchmarks/target/benchmarks.jar PacketWire}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PacketWireBenchmark {
    /** The capture; the committed lab sample stands in where ../shared is absent. */
    @Param("../shared/datasets/paper40/full.pcap.gz")
    public String capture;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
    private static final ObjectWriter JSON_WRITER = JSON.writerFor(PacketRecord.class);
    private static final ObjectReader JSON_READER = JSON.readerFor(PacketRecord.class);
    private static final ObjectReader CBOR_READER = new CBORMapper().readerFor(PacketRecord.class);

    private PacketRecord[] records;
    private byte[][] cbor;
    private byte[][] json;
    private int next;

    @Setup
    public void load() throws IOException {
        Path file = Path.of(capture);
        if (!Files.isReadable(file)) {
            file = Path.of("samples/lab-small.pcap.gz");
        }
        List<PacketRecord> in = new ArrayList<>();
        try (PacketSource source = new CapturePacketSource(file, Sampler.parse("none"), true)) {
            for (PacketRecord r = source.next(); r != null; r = source.next()) {
                in.add(r);
            }
        }
        records = in.toArray(PacketRecord[]::new);
        cbor = new byte[records.length][];
        json = new byte[records.length][];
        long cborBytes = 0;
        long jsonBytes = 0;
        for (int i = 0; i < records.length; i++) {
            cbor[i] = PacketWire.encode(records[i]);
            json[i] = JSON_WRITER.writeValueAsBytes(records[i]);
            cborBytes += cbor[i].length;
            jsonBytes += json[i].length;
        }
        System.out.printf("%n%s: %d records, %.1f bytes/record as CBOR (with the version byte), %.1f as JSON%n",
                file, records.length, (double) cborBytes / records.length, (double) jsonBytes / records.length);
    }

    private int nextRecord() {
        int i = next;
        next = i + 1 == records.length ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public byte[] encodeCbor() {
        return PacketWire.encode(records[nextRecord()]);
    }

    @Benchmark
    public PacketRecord decodeCbor() throws PacketWire.MalformedRecordException {
        return PacketWire.decode(cbor[nextRecord()]);
    }

    /** The same CBOR through data binding, which {@link PacketWire#decode}'s hand-written reader replaced. */
    @Benchmark
    public PacketRecord decodeCborDatabind() throws IOException {
        byte[] value = cbor[nextRecord()];
        return CBOR_READER.readValue(value, 1, value.length - 1);
    }

    @Benchmark
    public byte[] encodeJson() throws IOException {
        return JSON_WRITER.writeValueAsBytes(records[nextRecord()]);
    }

    @Benchmark
    public PacketRecord decodeJson() throws IOException {
        return JSON_READER.readValue(json[nextRecord()]);
    }
}

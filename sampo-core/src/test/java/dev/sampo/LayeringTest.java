package dev.sampo;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Locks sampo-core's package layering, so that a cycle or an upward dependency fails the build
 * instead of growing quietly. From the bottom: {@code bytes} (network-order reads), {@code flow}
 * (addresses and subflow ids),
 * {@code mptcp} (option decoding), {@code packet} (header decoding), then {@code pcap} and
 * {@code wire} (files and the Kafka wire format, both over decoded packets), {@code sampling},
 * {@code association}, {@code steering} (NF instance placement over association's sessions), and
 * {@code eval} on top.
 */
class LayeringTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sampo");
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.sampo.(*)..").should().beFreeOfCycles().check(core);
    }

    @Test
    void eachPackageUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("bytes").definedBy("dev.sampo.bytes..")
                .layer("flow").definedBy("dev.sampo.flow..")
                .layer("mptcp").definedBy("dev.sampo.mptcp..")
                .layer("packet").definedBy("dev.sampo.packet..")
                .layer("sampling").definedBy("dev.sampo.sampling..")
                .layer("pcap").definedBy("dev.sampo.pcap..")
                .layer("wire").definedBy("dev.sampo.wire..")
                .layer("association").definedBy("dev.sampo.association..")
                .layer("steering").definedBy("dev.sampo.steering..")
                .layer("eval").definedBy("dev.sampo.eval..")
                .whereLayer("eval").mayNotBeAccessedByAnyLayer()
                .whereLayer("steering").mayOnlyBeAccessedByLayers("eval")
                .whereLayer("association").mayOnlyBeAccessedByLayers("steering", "eval")
                .whereLayer("wire").mayNotBeAccessedByAnyLayer()
                .whereLayer("pcap").mayNotBeAccessedByAnyLayer()
                .whereLayer("sampling").mayOnlyBeAccessedByLayers("pcap")
                .whereLayer("packet").mayOnlyBeAccessedByLayers("pcap", "wire", "association", "eval")
                .whereLayer("mptcp").mayOnlyBeAccessedByLayers("packet", "pcap", "wire", "association", "eval")
                .whereLayer("flow").mayOnlyBeAccessedByLayers("mptcp", "packet", "pcap", "wire", "association", "steering",
                        "eval")
                .check(core);
    }

    @Test
    void coreStaysFreeOfFlinkAndKafka() {
        noClasses().that().resideInAPackage("dev.sampo..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.flink..", "org.apache.kafka..")
                .check(core);
    }
}

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
 * instead of growing quietly. From the bottom: {@code time} (the duration syntax of every
 * setting), {@code bytes} (network-order reads), {@code flow} (addresses and subflow ids),
 * {@code mptcp} (option decoding), {@code packet} (header decoding), then {@code sampling},
 * {@code pcap} (capture files), {@code association}, {@code steering} (NF instance placement over
 * association's sessions), and on top {@code eval}, {@code wire} (the Kafka contract: topic names,
 * the packet wire format over decoded packets, and the output records over association's results)
 * and {@code ids} (content matching on reassembled sessions, and the directives that extend an IDS
 * decision to a whole session), and {@code enforcement} (the OpenFlow rules a switch should hold
 * for the steering table and the directives, and the diff against what it holds). {@code migration} (planning and the migration protocols) stands
 * apart: it uses none of the others, and only {@code control} uses it, on top of all: it runs the
 * planner over the steering table and reports plans as wire records. Inside {@code migration},
 * {@code handover} holds the protocols' rules on top of {@code nf}, and {@code sim} runs them over
 * {@code nf} and executes what {@code plan} decides (sampo-nf's live runtime runs the same rules).
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
                .layer("time").definedBy("dev.sampo.time..")
                .layer("bytes").definedBy("dev.sampo.bytes..")
                .layer("flow").definedBy("dev.sampo.flow..")
                .layer("mptcp").definedBy("dev.sampo.mptcp..")
                .layer("packet").definedBy("dev.sampo.packet..")
                .layer("sampling").definedBy("dev.sampo.sampling..")
                .layer("pcap").definedBy("dev.sampo.pcap..")
                .layer("association").definedBy("dev.sampo.association..")
                .layer("steering").definedBy("dev.sampo.steering..")
                .layer("eval").definedBy("dev.sampo.eval..")
                .layer("wire").definedBy("dev.sampo.wire..")
                .layer("migration").definedBy("dev.sampo.migration..")
                .layer("ids").definedBy("dev.sampo.ids..")
                .layer("control").definedBy("dev.sampo.control..")
                .layer("enforcement").definedBy("dev.sampo.enforcement..")
                .whereLayer("control").mayNotBeAccessedByAnyLayer()
                .whereLayer("enforcement").mayNotBeAccessedByAnyLayer()
                .whereLayer("migration").mayOnlyBeAccessedByLayers("control")
                .whereLayer("ids").mayNotBeAccessedByAnyLayer()
                .whereLayer("eval").mayNotBeAccessedByAnyLayer()
                .whereLayer("steering").mayOnlyBeAccessedByLayers("eval", "wire", "control")
                .whereLayer("association").mayOnlyBeAccessedByLayers("steering", "eval", "wire", "ids", "enforcement")
                .whereLayer("wire").mayOnlyBeAccessedByLayers("ids", "control", "enforcement")
                .whereLayer("pcap").mayOnlyBeAccessedByLayers("ids")
                .whereLayer("sampling").mayOnlyBeAccessedByLayers("pcap", "ids")
                .whereLayer("packet").mayOnlyBeAccessedByLayers("pcap", "wire", "association", "eval", "ids")
                .whereLayer("mptcp").mayOnlyBeAccessedByLayers("packet", "pcap", "wire", "association", "eval", "ids")
                .whereLayer("time").mayOnlyBeAccessedByLayers("association")
                .whereLayer("flow").mayOnlyBeAccessedByLayers("mptcp", "packet", "pcap", "wire", "association", "steering",
                        "eval", "ids", "control", "enforcement")
                .check(core);
    }

    @Test
    void migrationStandsApartAndLayersItsParts() {
        noClasses().that().resideInAPackage("dev.sampo.migration..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sampo.association..", "dev.sampo.eval..",
                        "dev.sampo.pcap..", "dev.sampo.wire..", "dev.sampo.packet..", "dev.sampo.sampling..",
                        "dev.sampo.steering..", "dev.sampo.control..")
                .check(core);
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("plan").definedBy("dev.sampo.migration.plan..")
                .layer("nf").definedBy("dev.sampo.migration.nf..")
                .layer("handover").definedBy("dev.sampo.migration.handover..")
                .layer("sim").definedBy("dev.sampo.migration.sim..")
                .whereLayer("sim").mayNotBeAccessedByAnyLayer()
                .whereLayer("handover").mayOnlyBeAccessedByLayers("sim")
                .whereLayer("nf").mayOnlyBeAccessedByLayers("handover", "sim")
                .whereLayer("plan").mayOnlyBeAccessedByLayers("sim")
                .check(core);
    }

    @Test
    void coreStaysFreeOfFlinkAndKafka() {
        noClasses().that().resideInAPackage("dev.sampo..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.flink..", "org.apache.kafka..")
                .check(core);
    }
}

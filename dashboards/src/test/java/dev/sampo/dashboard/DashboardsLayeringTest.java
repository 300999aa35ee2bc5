package dev.sampo.dashboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard is a Kafka client like an NF: never the broker, Flink or sampo-kafka (it reads the
 * topics through the contract in sampo-core and the session directory); and the plots, which the
 * offline commands draw, know nothing of the dashboard nor of Kafka.
 */
class DashboardsLayeringTest {
    private static JavaClasses module;

    @BeforeAll
    static void importModule() {
        module = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sampo.dashboard", "dev.sampo.plot");
    }

    @Test
    void staysFreeOfTheBrokerAndFlink() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("kafka..", "org.apache.kafka.server..",
                "org.apache.kafka.metadata..", "org.apache.flink..", "dev.sampo.kafka..", "dev.sampo.stream..")
                .check(module);
    }

    @Test
    void plotsDependOnNeitherTheDashboardNorKafka() {
        noClasses().that().resideInAPackage("dev.sampo.plot..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.sampo.dashboard..", "org.apache.kafka..").check(module);
    }
}

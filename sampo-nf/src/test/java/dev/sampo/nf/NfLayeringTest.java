package dev.sampo.nf;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an NF links stays a client: the directory (and the example on top of it) use the Kafka
 * client, never the broker, Flink or sampo-kafka (which brings the broker); and the directory does
 * not know its example.
 */
class NfLayeringTest {
    private static JavaClasses nf;

    @BeforeAll
    static void importModule() {
        nf = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sampo.directory", "dev.sampo.nf");
    }

    @Test
    void staysFreeOfTheBrokerAndFlink() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("kafka..", "org.apache.kafka.server..",
                "org.apache.kafka.metadata..", "org.apache.flink..", "dev.sampo.kafka..", "dev.sampo.stream..")
                .check(nf);
    }

    @Test
    void theDirectoryDoesNotDependOnItsExample() {
        noClasses().that().resideInAPackage("dev.sampo.directory..").should().dependOnClassesThat()
                .resideInAPackage("dev.sampo.nf..").check(nf);
    }
}

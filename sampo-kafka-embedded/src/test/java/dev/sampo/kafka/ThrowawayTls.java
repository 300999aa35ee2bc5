package dev.sampo.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for localhost in a PKCS12 key store, and a trust store holding only
 * that certificate, made by the JDK's own keytool for one test class: no key or password is
 * committed, and each run has new ones.
 *
 * @param password of both stores and of the key
 */
public record ThrowawayTls(Path keyStore, Path trustStore, String password) {
    /** Creates both stores in {@code dir}. */
    public static ThrowawayTls create(Path dir) throws IOException, InterruptedException {
        ThrowawayTls tls = new ThrowawayTls(dir.resolve("broker.p12"), dir.resolve("truststore.p12"),
                UUID.randomUUID().toString());
        Path certificate = dir.resolve("broker.crt");
        // Clients check the broker's host name (ssl.endpoint.identification.algorithm=https).
        tls.keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", tls.keyStore.toString(), "-storetype", "PKCS12", "-keypass", tls.password);
        tls.keytool("-exportcert", "-alias", "broker", "-keystore", tls.keyStore.toString(),
                "-file", certificate.toString());
        tls.keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
                "-keystore", tls.trustStore.toString(), "-storetype", "PKCS12");
        return tls;
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", password));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("keytool " + args[0] + " did not finish within 60 s");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output.strip());
        }
    }
}

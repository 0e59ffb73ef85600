package io.bertstream.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate authority and the broker's certificate signed by it (for localhost and
 * 127.0.0.1), made with the JDK's keytool: {@code broker.p12} for the broker, {@code truststore.p12}
 * for clients. Made once per data folder; the password is kept beside them.
 */
record TlsMaterial(Path brokerKeystore, Path truststore, String password) {

    static TlsMaterial ensure(Path dataDir) {
        Path dir = dataDir.resolve("tls");
        Path passwordFile = dir.resolve("password");
        TlsMaterial material = new TlsMaterial(dir.resolve("broker.p12"), dir.resolve("truststore.p12"), null);
        try {
            if (Files.exists(material.truststore()) && Files.exists(passwordFile)) {
                return new TlsMaterial(material.brokerKeystore(), material.truststore(), Files.readString(passwordFile).trim());
            }
            Files.createDirectories(dir);
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            String ca = dir.resolve("ca.p12").toString();
            String broker = material.brokerKeystore().toString();
            keytool(dir, "-genkeypair", "-keystore", ca, "-storetype", "PKCS12", "-storepass", password, "-alias", "ca",
                    "-dname", "CN=bertstream local CA", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650", "-ext", "bc:c");
            keytool(dir, "-exportcert", "-keystore", ca, "-storepass", password, "-alias", "ca", "-rfc", "-file", "ca.pem");
            keytool(dir, "-genkeypair", "-keystore", broker, "-storetype", "PKCS12", "-storepass", password, "-alias", "broker",
                    "-dname", "CN=localhost", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650");
            keytool(dir, "-certreq", "-keystore", broker, "-storepass", password, "-alias", "broker", "-file", "broker.csr");
            keytool(dir, "-gencert", "-keystore", ca, "-storepass", password, "-alias", "ca", "-infile", "broker.csr",
                    "-outfile", "broker.pem", "-rfc", "-validity", "3650", "-ext", "SAN=dns:localhost,ip:127.0.0.1");
            keytool(dir, "-importcert", "-keystore", broker, "-storepass", password, "-alias", "ca", "-file", "ca.pem", "-noprompt");
            keytool(dir, "-importcert", "-keystore", broker, "-storepass", password, "-alias", "broker", "-file", "broker.pem");
            keytool(dir, "-importcert", "-keystore", material.truststore().toString(), "-storetype", "PKCS12", "-storepass", password,
                    "-alias", "ca", "-file", "ca.pem", "-noprompt");
            Files.writeString(passwordFile, password);
            return new TlsMaterial(material.brokerKeystore(), material.truststore(), password);
        } catch (IOException e) {
            throw new BrokerStartException("cannot make the TLS certificates in " + dir + ": " + e.getMessage());
        }
    }

    private static void keytool(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

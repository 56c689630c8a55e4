package io.redkit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for TLS tests made with the JDK alone ({@code keytool} from {@code java.home}; no openssl): a CA, and
 * key pairs it signs, written both as PKCS12 stores (for Redisson) and as PEM files (for redis-server).
 */
public final class TestCertificates {

    public static final String PASSWORD = "changeit";

    private final Path dir;

    public TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A CA named {@code name}: {@code name.p12} (its key) and {@code name.pem}, {@code name-trust.p12} (its cert). */
    public Ca ca(String name) {
        Path store = dir.resolve(name + ".p12");
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-dname",
                "CN=" + name,
                "-ext",
                "bc:c",
                "-keyalg",
                "EC",
                "-validity",
                "3",
                "-keystore",
                store.toString(),
                "-storepass",
                PASSWORD,
                "-storetype",
                "PKCS12");
        Path pem = dir.resolve(name + ".pem");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                store.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                pem.toString());
        Path trust = dir.resolve(name + "-trust.p12");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                pem.toString(),
                "-keystore",
                trust.toString(),
                "-storepass",
                PASSWORD,
                "-storetype",
                "PKCS12");
        return new Ca(name, store, pem, trust);
    }

    /** A key pair for {@code name} signed by {@code ca}, with the subject alternative names {@code san}. */
    public Leaf leaf(Ca ca, String name, String san) {
        Path store = dir.resolve(name + ".p12");
        keytool(
                "-genkeypair",
                "-alias",
                name,
                "-dname",
                "CN=" + name,
                "-keyalg",
                "EC",
                "-validity",
                "3",
                "-keystore",
                store.toString(),
                "-storepass",
                PASSWORD,
                "-storetype",
                "PKCS12");
        Path csr = dir.resolve(name + ".csr");
        keytool(
                "-certreq",
                "-alias",
                name,
                "-keystore",
                store.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                csr.toString());
        Path signed = dir.resolve(name + ".crt");
        List<String> gencert = new ArrayList<>(List.of(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                ca.store().toString(),
                "-storepass",
                PASSWORD,
                "-infile",
                csr.toString(),
                "-outfile",
                signed.toString(),
                "-rfc",
                "-validity",
                "3"));
        if (san != null) {
            gencert.addAll(List.of("-ext", "SAN=" + san));
        }
        gencert.addAll(List.of("-ext", "EKU=serverAuth,clientAuth"));
        keytool(gencert.toArray(String[]::new));
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                ca.pem().toString(),
                "-keystore",
                store.toString(),
                "-storepass",
                PASSWORD);
        keytool(
                "-importcert",
                "-alias",
                name,
                "-file",
                signed.toString(),
                "-keystore",
                store.toString(),
                "-storepass",
                PASSWORD);
        Path key = dir.resolve(name + ".key");
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            PrivateKey privateKey = (PrivateKey) keys.getKey(name, PASSWORD.toCharArray());
            Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()), StandardCharsets.US_ASCII);
            Certificate[] chain = keys.getCertificateChain(name);
            Files.writeString(signed, pem("CERTIFICATE", chain[0].getEncoded()), StandardCharsets.US_ASCII);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not write the PEM files of " + name, e);
        }
        return new Leaf(store, signed, key);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A certificate authority: its key store, its certificate as PEM, and a trust store holding that certificate. */
    public record Ca(String name, Path store, Path pem, Path truststore) {}

    /** A signed key pair: a PKCS12 store with key and chain, the certificate and the PKCS#8 key as PEM. */
    public record Leaf(Path store, Path certificate, Path key) {}
}

package io.redkit.redis;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS to Redis in address mode ({@code rediss://}): whom to trust ({@code redkit.redis.tls.truststore}), which client
 * certificate to present ({@code redkit.redis.tls.keystore}) and whether the server's host name is checked. The stores
 * are opened at deployment, so a missing file, a wrong password or a file that is no key store fails deployment naming
 * the key (never the password). Passwords never appear in {@link #toString()}.
 */
public record RedisTls(
        Optional<TrustManagerFactory> trust,
        Optional<KeyManagerFactory> client,
        Verify verify,
        Optional<Path> truststore,
        Optional<Path> keystore) {

    /** Key {@value}: the trust store (PKCS#12 or JKS) the server certificate is checked against. */
    public static final String TRUSTSTORE = "redkit.redis.tls.truststore";
    /** Key {@value}: its password. */
    public static final String TRUSTSTORE_PASSWORD = "redkit.redis.tls.truststore-password";
    /** Key {@value}: the key store of the client certificate, for servers that require one. */
    public static final String KEYSTORE = "redkit.redis.tls.keystore";
    /** Key {@value}: its password. */
    public static final String KEYSTORE_PASSWORD = "redkit.redis.tls.keystore-password";
    /** Key {@value}: whether the server's certificate and host name are verified. */
    public static final String VERIFY = "redkit.redis.tls.verify";

    /** How the server's certificate is checked. */
    public enum Verify {
        /** Signed by a trusted CA and issued for the host in {@code redkit.redis.address} (default). */
        FULL,
        /** Signed by a trusted CA, for whatever host name (e.g. an address that is an IP the certificate omits). */
        CA_ONLY
    }

    /** No TLS settings: {@code rediss://} then trusts the JVM's default CAs and checks the host name. */
    public static final RedisTls DEFAULT =
            new RedisTls(Optional.empty(), Optional.empty(), Verify.FULL, Optional.empty(), Optional.empty());

    /**
     * True when any {@code redkit.redis.tls.*} setting differs from the default.
     *
     * @return true when TLS is configured
     */
    public boolean configured() {
        return trust.isPresent() || client.isPresent() || verify != Verify.FULL;
    }

    /**
     * Reads and opens the stores; {@code scheme} is the address's, since TLS settings need {@code rediss://}.
     *
     * @param config the configuration
     * @param scheme the scheme of the configured address, if any
     * @return the TLS settings
     * @throws io.redkit.config.RedkitConfigException naming the key, when a store cannot be read or the scheme is not {@code rediss}
     */
    public static RedisTls from(ConfigReader config, Optional<String> scheme) {
        Optional<String> truststore = config.optional(TRUSTSTORE);
        Optional<String> keystore = config.optional(KEYSTORE);
        Verify verify = config.choice(VERIFY, Verify.class, Verify.FULL);
        boolean configured = truststore.isPresent() || keystore.isPresent() || verify != Verify.FULL;
        if (configured && !scheme.map("rediss"::equals).orElse(false)) {
            String key = truststore.isPresent() ? TRUSTSTORE : keystore.isPresent() ? KEYSTORE : VERIFY;
            throw new RedkitConfigException(
                    key,
                    config.optional(key).orElse(null),
                    "TLS settings need " + RedisSettings.ADDRESS
                            + "=rediss://host:port (a Redisson YAML file sets its own TLS)");
        }
        RedisTls tls = new RedisTls(
                truststore.map(file -> trustManagers(file, password(config, TRUSTSTORE_PASSWORD))),
                keystore.map(file -> keyManagers(file, password(config, KEYSTORE_PASSWORD))),
                verify,
                truststore.map(RedisTls::path),
                keystore.map(RedisTls::path));
        return tls;
    }

    private static char[] password(ConfigReader config, String key) {
        return config.optional(key).map(String::toCharArray).orElse(null);
    }

    private static Path path(String value) {
        return Paths.get(value).toAbsolutePath().normalize();
    }

    private static TrustManagerFactory trustManagers(String file, char[] password) {
        KeyStore store = open(TRUSTSTORE, file, password, true);
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (GeneralSecurityException e) {
            throw new RedkitConfigException(TRUSTSTORE, file, "cannot trust its certificates: " + e.getMessage(), e);
        }
    }

    private static KeyManagerFactory keyManagers(String file, char[] password) {
        KeyStore store = open(KEYSTORE, file, password, false);
        try {
            if (!hasKey(store)) {
                throw new RedkitConfigException(KEYSTORE, file, "holds no private key (a client certificate and key)");
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password == null ? new char[0] : password);
            return factory;
        } catch (UnrecoverableKeyException e) {
            throw new RedkitConfigException(
                    KEYSTORE, file, "its private key cannot be read with " + KEYSTORE_PASSWORD + " (wrong password?)");
        } catch (GeneralSecurityException e) {
            throw new RedkitConfigException(KEYSTORE, file, "cannot use its key: " + e.getMessage(), e);
        }
    }

    private static boolean hasKey(KeyStore store) throws GeneralSecurityException {
        for (var aliases = store.aliases(); aliases.hasMoreElements(); ) {
            if (store.isKeyEntry(aliases.nextElement())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A PKCS12 or JKS store (the type is read from the file), or, for a trust store, PEM CA certificates. Errors name
     * the key and the file, never the password.
     */
    private static KeyStore open(String key, String file, char[] password, boolean pemAllowed) {
        Path path;
        try {
            path = path(file);
        } catch (RuntimeException e) {
            throw new RedkitConfigException(key, file, "not a file path");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new RedkitConfigException(key, file, "no readable file at " + path);
        }
        try {
            if (pemAllowed && isPem(path)) {
                return pemStore(key, file, path);
            }
            return KeyStore.getInstance(path.toFile(), password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new RedkitConfigException(
                        key, file, "cannot be opened with " + key + "-password (wrong password?)");
            }
            throw new RedkitConfigException(
                    key, file, "cannot be read as a PKCS12/JKS key store with " + key + "-password: " + e.getMessage());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new RedkitConfigException(
                    key, file, "not a PKCS12 or JKS key store" + (pemAllowed ? " or PEM CA file" : ""));
        }
    }

    private static boolean isPem(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return new String(in.readNBytes(4096), StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----");
        }
    }

    private static KeyStore pemStore(String key, String file, Path path) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(path)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new RedkitConfigException(key, file, "holds no certificate");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        return store;
    }

    @Override
    public String toString() {
        return "RedisTls[truststore=" + truststore.map(Path::toString).orElse("(JVM default CAs)") + ", keystore="
                + keystore.map(Path::toString).orElse("(none)") + ", verify=" + ConfigReader.configName(verify) + "]";
    }
}

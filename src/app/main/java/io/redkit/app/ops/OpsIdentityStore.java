package io.redkit.app.ops;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The operator login ({@link OpsSettings}) as a Jakarta Security identity store: the configured user with the
 * configured password is in group {@value OpsSettings#ROLE}. Passwords are compared by their SHA-256 digests in
 * constant time; nothing about a failed attempt is logged but the fact. Other identity stores the deployer adds (LDAP,
 * database) are consulted too, so their users in group {@code ops} may call the operator endpoints as well.
 */
@ApplicationScoped
public class OpsIdentityStore implements IdentityStore {

    private static final Logger LOG = Logger.getLogger(OpsIdentityStore.class.getName());

    private OpsSettings settings;
    private byte[] userDigest;
    private byte[] passwordDigest;

    @PostConstruct
    void init() {
        try {
            settings = OpsSettings.from(ConfigReader.application(getClass()));
        } catch (RedkitConfigException e) {
            LOG.severe("redkit deployment stopped: " + e.getMessage());
            throw e;
        }
        userDigest = sha256(settings.user());
        passwordDigest = settings.password().map(OpsIdentityStore::sha256).orElse(null);
        if (settings.loginConfigured()) {
            LOG.info("redkit: operator endpoints need a login (user " + settings.user() + ", role " + OpsSettings.ROLE
                    + ")");
        } else {
            LOG.info("redkit: operator endpoints are locked: no login configured (set " + OpsSettings.PASSWORD
                    + " or REDKIT_APP_OPS_PASSWORD; mvn -Prun generates one)");
        }
    }

    /** Reads the settings at deployment, so that a bad value fails it instead of the first login. */
    void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        settings.user(); // touches the bean: @PostConstruct ran
    }

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        if (passwordDigest == null) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        // both digests always computed and compared: the time taken does not tell which part was wrong
        boolean user = MessageDigest.isEqual(userDigest, sha256(credential.getCaller()));
        boolean password = MessageDigest.isEqual(passwordDigest, sha256(credential.getPasswordAsString()));
        if (user & password) {
            return new CredentialValidationResult(settings.user(), Set.of(OpsSettings.ROLE));
        }
        return CredentialValidationResult.INVALID_RESULT;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}

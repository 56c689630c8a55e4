package io.redkit.app.ops;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may call the reference app's operator endpoints (role {@value #ROLE}): {@code redkit.app.ops.user} (default
 * {@code ops}) with {@code redkit.app.ops.password} (or the environment variable {@code REDKIT_APP_OPS_PASSWORD}), at
 * least {@value #MIN_PASSWORD_LENGTH} characters. Without a password no one can log in through this store and the
 * operator endpoints answer 401 to everyone; {@code mvn -Prun} generates one for the run and prints it once.
 */
public record OpsSettings(String user, Optional<String> password) {

    public static final String ROLE = "ops";
    public static final String USER = "redkit.app.ops.user";
    public static final String PASSWORD = "redkit.app.ops.password";
    public static final int MIN_PASSWORD_LENGTH = 12;

    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public static OpsSettings from(ConfigReader config) {
        String user = config.string(USER, "ops");
        if (!USER_NAME.matcher(user).matches()) {
            throw new RedkitConfigException(USER, user, "must be 1 to 64 of A-Za-z0-9._-");
        }
        Optional<String> password = config.optional(PASSWORD);
        if (password.isPresent() && password.get().length() < MIN_PASSWORD_LENGTH) {
            throw new RedkitConfigException(
                    PASSWORD,
                    "(hidden, " + password.get().length() + " characters)",
                    "must be at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        return new OpsSettings(user, password);
    }

    /** True when a login is configured; false: the operator endpoints refuse everyone. */
    public boolean loginConfigured() {
        return password.isPresent();
    }

    @Override
    public String toString() {
        return "OpsSettings[user=" + user + ", password=" + (password.isPresent() ? "(hidden)" : "(not set)") + "]";
    }
}

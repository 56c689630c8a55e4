package io.redkit.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * Typed reads of {@code redkit.*} keys that fail with a {@link RedkitConfigException} naming the key and value.
 * Blank values count as unset, so an empty environment variable does not override a default with "".
 */
public final class ConfigReader {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final Function<String, Optional<String>> lookup;

    private ConfigReader(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /** The class every read of the application's configuration goes through. */
    static final String MICROPROFILE_CONFIG = "org.eclipse.microprofile.config.ConfigProvider";

    /**
     * The application's MicroProfile Config, as seen by {@code anchor}'s class loader.
     *
     * @throws IllegalStateException saying what to enable, when the server gives the application no MicroProfile
     *     Config
     *
     * @param anchor a class of the application
     * @return a reader of the application's configuration
     */
    public static ConfigReader application(Class<?> anchor) {
        microProfileConfigMissing(anchor.getClassLoader()).ifPresent(message -> {
            throw new IllegalStateException(message);
        });
        return of(org.eclipse.microprofile.config.ConfigProvider.getConfig(anchor.getClassLoader()));
    }

    /**
     * Why redkit cannot read its settings through {@code loader}, or empty when MicroProfile Config is there: every
     * {@code redkit.*} key is read through it, and a server without it would otherwise fail with a bare {@code
     * NoClassDefFoundError}.
     *
     * @param loader the application's class loader
     * @return what to enable, or empty when MicroProfile Config is available
     */
    public static Optional<String> microProfileConfigMissing(ClassLoader loader) {
        try {
            Class.forName(MICROPROFILE_CONFIG, false, loader);
            return Optional.empty();
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.of("MicroProfile Config is not available to the application (" + MICROPROFILE_CONFIG
                    + " not found); redkit reads every redkit.* setting through it. Enable it on the server: Open"
                    + " Liberty feature mpConfig-3.1, WildFly subsystem microprofile-config-smallrye (in standalone.xml"
                    + " as shipped); Payara and GlassFish have it built in");
        }
    }

    /**
     * A reader of a MicroProfile Config.
     *
     * @param config the configuration
     * @return the reader
     */
    public static ConfigReader of(Config config) {
        return new ConfigReader(key -> config.getOptionalValue(key, String.class));
    }

    /**
     * A reader of any lookup, e.g. for tests.
     *
     * @param lookup the value of a key, or empty when unset
     * @return the reader
     */
    public static ConfigReader of(Function<String, Optional<String>> lookup) {
        return new ConfigReader(lookup);
    }

    /**
     * A reader of fixed values, e.g. for tests.
     *
     * @param values values by key; keys not in it are unset
     * @return the reader
     */
    public static ConfigReader of(Map<String, String> values) {
        return new ConfigReader(key -> Optional.ofNullable(values.get(key)));
    }

    /**
     * A raw value.
     *
     * @param key the key
     * @return its value, trimmed, or empty when unset or blank
     */
    public Optional<String> optional(String key) {
        return lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    /**
     * A string.
     *
     * @param key the key
     * @param defaultValue the value when unset
     * @return its value or the default
     */
    public String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    /**
     * An integer within {@code [min, max]}.
     *
     * @param key the key
     * @param defaultValue the value when unset
     * @param min the least allowed
     * @param max the most allowed
     * @return its value or the default
     * @throws io.redkit.config.RedkitConfigException naming the key, when the value is not an integer in range
     */
    public int integer(String key, int defaultValue, int min, int max) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw new RedkitConfigException(key, raw.get(), "not a whole number");
        }
        if (value < min || value > max) {
            throw new RedkitConfigException(key, raw.get(), "must be between " + min + " and " + max);
        }
        return value;
    }

    /**
     * A boolean, {@code true} or {@code false} (any case).
     *
     * @param key the key
     * @param defaultValue the value when unset
     * @return its value or the default
     * @throws io.redkit.config.RedkitConfigException naming the key, for any other value
     */
    public boolean bool(String key, boolean defaultValue) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new RedkitConfigException(key, raw.get(), "must be true or false");
        };
    }

    /**
     * A duration written as {@code 250ms}, {@code 5s}, {@code 10m}, {@code 2h}, {@code 7d} or ISO-8601
     * ({@code PT5S}), within {@code [min, max]}.
     *
     * @param key the key
     * @param defaultValue the value when unset
     * @param min the shortest allowed
     * @param max the longest allowed
     * @return its value or the default
     * @throws io.redkit.config.RedkitConfigException naming the key, when the value is malformed or out of range
     */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        Duration value = parseDuration(key, raw.get());
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new RedkitConfigException(key, raw.get(), "must be between " + format(min) + " and " + format(max));
        }
        return value;
    }

    /**
     * An enum constant, written in lower case with hyphens: {@code ON_SET_ATTRIBUTE} is {@code on-set-attribute}.
     *
     * @param <E> the enum type
     * @param key the key
     * @param type the enum class
     * @param defaultValue the value when unset
     * @return its value or the default
     * @throws io.redkit.config.RedkitConfigException naming the key and the allowed values, for any other value
     */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String wanted = raw.get().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(configName(constant));
        }
        throw new RedkitConfigException(key, raw.get(), "must be one of " + allowed);
    }

    /**
     * How an enum constant is written in configuration.
     *
     * @param constant the constant
     * @return its name in lower case with hyphens
     */
    public static String configName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Duration parseDuration(String key, String text) {
        Matcher simple = SIMPLE_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (simple.matches()) {
            long amount;
            try {
                amount = Long.parseLong(simple.group(1));
            } catch (NumberFormatException e) {
                throw new RedkitConfigException(key, text, "number too large");
            }
            return switch (simple.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new RedkitConfigException(key, text, "not a duration (examples: 250ms, 5s, 10m, 2h, 7d, PT5S)");
        }
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}

package io.redkit.web;

import io.redkit.config.ConfigReader;

/** Settings of the shared REST plumbing ({@code redkit.web.*}). */
public record WebSettings(int maxBodyBytes, int retryAfterSeconds) implements io.redkit.config.RedkitSettings {

    /** Key {@value}: the largest request body, in bytes, for an application body-size check. */
    public static final String MAX_BODY_BYTES = "redkit.web.max-body-bytes";
    /** Key {@value}: the {@code Retry-After} of 503 answers to Redis outages. */
    public static final String RETRY_AFTER = "redkit.web.retry-after-seconds";

    /**
     * Reads and checks the {@code redkit.web.*} keys.
     *
     * @param config the configuration
     * @return the settings
     * @throws io.redkit.config.RedkitConfigException naming the key, when a value is invalid
     */
    public static WebSettings from(ConfigReader config) {
        return new WebSettings(
                config.integer(MAX_BODY_BYTES, 1024 * 1024, 1, Integer.MAX_VALUE),
                config.integer(RETRY_AFTER, 5, 1, 3600));
    }
}

package io.redkit.web;

import io.redkit.config.ConfigReader;

/** Settings of the shared REST plumbing ({@code redkit.web.*}). */
public record WebSettings(int maxBodyBytes, int retryAfterSeconds) implements io.redkit.config.RedkitSettings {

    public static final String MAX_BODY_BYTES = "redkit.web.max-body-bytes";
    public static final String RETRY_AFTER = "redkit.web.retry-after-seconds";

    public static WebSettings from(ConfigReader config) {
        return new WebSettings(
                config.integer(MAX_BODY_BYTES, 1024 * 1024, 1, Integer.MAX_VALUE),
                config.integer(RETRY_AFTER, 5, 1, 3600));
    }
}

package io.redkit.config.internal;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import io.redkit.config.RedkitSettings;

/**
 * Reads and checks one feature's settings. Each feature's settings producer implements it and is listed in {@code
 * META-INF/services/io.redkit.config.internal.SettingsReader}, so that {@link RedkitConfigExtension} can check every feature's
 * keys while the application is being deployed — before any bean (a {@code @Startup} EJB, say) uses them — without
 * knowing the features.
 */
public interface SettingsReader {

    /** The feature's settings from {@code config}; a bad value throws {@link RedkitConfigException}. */
    RedkitSettings read(ConfigReader config);
}

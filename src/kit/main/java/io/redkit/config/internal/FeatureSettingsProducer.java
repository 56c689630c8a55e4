package io.redkit.config.internal;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitSettings;
import jakarta.annotation.PostConstruct;

/**
 * The shape of every feature's settings producer: an {@code @ApplicationScoped} bean that reads and checks its
 * feature's settings once ({@link #read}), and is also that feature's {@link SettingsReader}, run by {@link
 * RedkitConfigExtension} at deployment. A subclass adds the {@code @Produces} method (producers are not inherited).
 */
public abstract class FeatureSettingsProducer<T extends RedkitSettings> implements SettingsReader {

    private T settings;

    @Override
    public abstract T read(ConfigReader config);

    @PostConstruct
    void init() {
        settings = read(ConfigReader.application(getClass()));
    }

    /** The settings read once at start. */
    protected T settings() {
        return settings;
    }
}

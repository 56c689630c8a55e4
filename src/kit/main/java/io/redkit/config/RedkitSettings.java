package io.redkit.config;

import io.redkit.config.internal.RedkitConfigExtension;

/**
 * Implemented by every feature's settings record. {@link RedkitConfigExtension} asks CDI for every bean of this type
 * at deployment, so each feature's producer reads and checks its own {@code redkit.<feature>.*} keys, and a bad value
 * fails the deployment with one line naming the key — without this package knowing the features.
 */
public interface RedkitSettings {}

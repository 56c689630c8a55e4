/**
 * Configuration: every {@code redkit.*} key is read through MicroProfile Config into one immutable, self-validating
 * settings record per feature ({@link io.redkit.config.RedkitSettings}); a bad value fails the deployment with a
 * {@link io.redkit.config.RedkitConfigException} naming the key. {@link io.redkit.config.ConfigReader} reads an
 * application's own keys the same way. See {@code docs/configuration.md}.
 */
package io.redkit.config;

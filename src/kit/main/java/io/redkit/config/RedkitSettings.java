package io.redkit.config;

/**
 * Implemented by every feature's settings record ({@code CacheSettings}, {@code SessionSettings}, ...). Each is a
 * CDI bean: inject it to read what is configured. redkit asks CDI for every bean of this type at deployment, so each
 * feature reads and checks its own {@code redkit.<feature>.*} keys and a bad value fails the deployment with one line
 * naming the key. The records are immutable.
 */
public interface RedkitSettings {}

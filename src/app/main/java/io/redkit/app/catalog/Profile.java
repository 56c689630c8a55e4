package io.redkit.app.catalog;

import java.io.Serializable;
import java.time.Instant;

/**
 * What the profile cache holds. {@code loadNumber} is the service's database-load counter at the time this value was
 * read from the database: two answers with the same number came from one load (the cache served the second).
 */
public record Profile(long userId, String displayName, String email, String bio, Instant updatedAt, long loadNumber)
        implements Serializable {}

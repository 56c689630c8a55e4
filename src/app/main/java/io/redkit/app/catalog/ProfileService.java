package io.redkit.app.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/**
 * Cache-aside with the JSR-107 annotations. redkit's interceptors run outside {@code @Transactional}: a put or
 * remove happens after the database transaction committed, never before.
 */
@ApplicationScoped
public class ProfileService {

    private final AtomicLong loads = new AtomicLong();

    @PersistenceContext(unitName = "redkit")
    EntityManager em;

    /** Runs only on a cache miss (or with Redis unreachable); a missing profile is a 404 and is not cached. */
    @CacheResult(cacheName = "profiles")
    @Transactional(Transactional.TxType.SUPPORTS)
    public Profile profile(long userId) {
        long loadNumber = loads.incrementAndGet();
        UserProfile row = em.find(UserProfile.class, userId);
        if (row == null) {
            throw new NotFoundException("User " + userId + " has no profile");
        }
        return new Profile(userId, row.getDisplayName(), row.getEmail(), row.getBio(), row.getUpdatedAt(), loadNumber);
    }

    /** Writes the row, then (after commit) puts the new value in the cache. */
    @CachePut(cacheName = "profiles")
    @Transactional
    public void save(@CacheKey long userId, @CacheValue Profile profile) {
        UserProfile row = em.find(UserProfile.class, userId);
        if (row == null) {
            row = new UserProfile(userId);
            row.update(profile.displayName(), profile.email(), profile.bio());
            em.persist(row);
        } else {
            row.update(profile.displayName(), profile.email(), profile.bio());
        }
    }

    /** Deletes the row, then removes the cached profile. */
    @CacheRemove(cacheName = "profiles")
    @Transactional
    public boolean delete(long userId) {
        UserProfile row = em.find(UserProfile.class, userId);
        if (row == null) {
            return false;
        }
        em.remove(row);
        return true;
    }

    /** Inserts a row without touching the cache (seed data); false if the user has a profile already. */
    @Transactional
    public boolean insertRow(long userId, String displayName, String email) {
        if (em.find(UserProfile.class, userId) != null) {
            return false;
        }
        UserProfile row = new UserProfile(userId);
        row.update(displayName, email, null);
        em.persist(row);
        return true;
    }

    /** How many times {@link #profile} ran, i.e. cache misses on this node. */
    public long loads() {
        return loads.get();
    }
}

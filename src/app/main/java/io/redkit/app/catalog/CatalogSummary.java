package io.redkit.app.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.TreeMap;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;

/**
 * Tag-style invalidation: every summary derived from the products lives in the cache {@code catalog-summary}, and any
 * product change empties that whole cache with {@link CacheRemoveAll} (the cache name is the tag).
 */
@ApplicationScoped
public class CatalogSummary {

    @PersistenceContext(unitName = "redkit")
    EntityManager em;

    /** Product count per category. */
    @CacheResult(cacheName = "catalog-summary")
    public TreeMap<String, Long> countsByCategory() {
        TreeMap<String, Long> counts = new TreeMap<>();
        em.createQuery("select p.category, count(p) from Product p group by p.category", Object[].class)
                .getResultList()
                .forEach(row -> counts.put((String) row[0], (Long) row[1]));
        return counts;
    }

    /** Called after a product change has committed. */
    @CacheRemoveAll(cacheName = "catalog-summary")
    public void invalidate() {}
}

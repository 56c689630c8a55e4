package io.redkit.app.caching;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The database side of write-behind: one transaction per flushed batch. */
@ApplicationScoped
@Transactional
public class RatingRepository {

    @PersistenceContext(unitName = "redkit")
    EntityManager em;

    /** Upserts each aggregate (skipping any older than what the row holds); returns how many rows changed. */
    public int store(List<WriteBehindRatings.Aggregate> batch) {
        Instant now = Instant.now();
        int written = 0;
        for (WriteBehindRatings.Aggregate aggregate : batch) {
            ProductRating row = em.find(ProductRating.class, aggregate.productId());
            if (row == null) {
                row = new ProductRating(aggregate.productId());
                row.apply(aggregate, now);
                em.persist(row);
                written++;
            } else if (row.apply(aggregate, now)) {
                written++;
            }
        }
        return written;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ProductRating> find(long productId) {
        return Optional.ofNullable(em.find(ProductRating.class, productId));
    }
}

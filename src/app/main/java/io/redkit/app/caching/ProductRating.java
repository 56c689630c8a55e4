package io.redkit.app.caching;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The durable copy of a product's ratings, written behind Redis by {@link RatingsFlusher}. */
@Entity
@Table(name = "product_ratings")
public class ProductRating {

    @Id
    private Long productId;

    @Column(nullable = false)
    private long ratingCount;

    @Column(nullable = false)
    private long ratingSum;

    /** The Redis-side version this row was written from; an older flush never overwrites a newer one. */
    @Column(nullable = false)
    private long sourceVersion;

    @Column(nullable = false)
    private Instant storedAt;

    protected ProductRating() {}

    ProductRating(long productId) {
        this.productId = productId;
    }

    /** Applies an aggregate unless this row already holds a newer one; true if it changed. */
    boolean apply(WriteBehindRatings.Aggregate aggregate, Instant now) {
        if (storedAt != null && aggregate.version() <= sourceVersion) { // a new row has not been stored yet
            return false;
        }
        ratingCount = aggregate.count();
        ratingSum = aggregate.sum();
        sourceVersion = aggregate.version();
        storedAt = now;
        return true;
    }

    public Long getProductId() {
        return productId;
    }

    public long getRatingCount() {
        return ratingCount;
    }

    public long getRatingSum() {
        return ratingSum;
    }

    public long getSourceVersion() {
        return sourceVersion;
    }

    public Instant getStoredAt() {
        return storedAt;
    }
}

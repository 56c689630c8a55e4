package io.redkit.app.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;
import org.hibernate.jpa.HibernateHints;

/**
 * Products through JPA. Hibernate keeps entities, the tag collections, sku lookups and the by-category query in its
 * second-level cache, which is redkit's JCache on Redis: a second load, from any node, costs no SQL.
 */
@ApplicationScoped
@Transactional
public class Catalog {

    static final String QUERY_REGION = "product-queries";

    @PersistenceContext(unitName = "redkit")
    EntityManager em;

    public Optional<ProductData.Output> find(long id) {
        return Optional.ofNullable(em.find(Product.class, id)).map(ProductData.Output::of);
    }

    public Optional<ProductData.Output> bySku(String sku) {
        return em.unwrap(Session.class)
                .bySimpleNaturalId(Product.class)
                .loadOptional(sku)
                .map(ProductData.Output::of);
    }

    /** A cached query: Hibernate keeps the ids per category, and drops them whenever the products table changes. */
    public List<ProductData.Output> list(String category) {
        var query = category == null
                ? em.createQuery("select p from Product p order by p.id", Product.class)
                : em.createQuery("select p from Product p where p.category = :category order by p.id", Product.class)
                        .setParameter("category", category);
        return query
                .setHint(HibernateHints.HINT_CACHEABLE, true)
                .setHint(HibernateHints.HINT_CACHE_REGION, QUERY_REGION)
                .getResultList()
                .stream()
                .map(ProductData.Output::of)
                .toList();
    }

    public ProductData.Output create(ProductData.Input input) {
        // asks the database, not the natural-id cache: a uniqueness check must not trust a cache
        if (em.createQuery("select count(p) from Product p where p.sku = :sku", Long.class)
                        .setParameter("sku", input.sku)
                        .getSingleResult()
                > 0) {
            throw new ClientErrorException("A product with sku '" + input.sku + "' exists already", 409);
        }
        Product product = new Product(input.sku, input.name, input.category, input.priceCents, input.tags);
        em.persist(product);
        em.flush();
        return ProductData.Output.of(product);
    }

    public ProductData.Output update(long id, ProductData.Input input, Long expectedVersion) {
        Product product = em.find(Product.class, id);
        if (product == null) {
            throw new NotFoundException("Product " + id + " does not exist");
        }
        if (!product.getSku().equals(input.sku)) {
            throw new ClientErrorException(
                    "The sku of product " + id + " is '" + product.getSku() + "' and cannot change", 409);
        }
        if (expectedVersion != null && expectedVersion != product.getVersion()) {
            throw new ClientErrorException(
                    "Product " + id + " is at version " + product.getVersion() + ", not " + expectedVersion
                            + ": reload it and retry",
                    409);
        }
        product.update(input.name, input.category, input.priceCents, input.tags);
        try {
            em.flush();
        } catch (OptimisticLockException e) {
            throw new ClientErrorException("Product " + id + " was changed concurrently: reload it and retry", 409);
        }
        return ProductData.Output.of(product);
    }

    /** Deletes the product; returns its sku. */
    public String delete(long id) {
        Product product = em.find(Product.class, id);
        if (product == null) {
            throw new NotFoundException("Product " + id + " does not exist");
        }
        em.remove(product);
        return product.getSku();
    }

    /** The price of the product with this sku (read-through loader of {@code product-prices}). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Long> priceOf(String sku) {
        return em.createQuery("select p.priceCents from Product p where p.sku = :sku", Long.class)
                .setParameter("sku", sku)
                .getResultStream()
                .findFirst();
    }

    /** Sets a product's price (write-through writer of {@code product-prices}); empty if no product has the sku. */
    public Optional<ProductData.Output> setPrice(String sku, long priceCents) {
        return em.createQuery("select p from Product p where p.sku = :sku", Product.class)
                .setParameter("sku", sku)
                .getResultStream()
                .findFirst()
                .map(product -> {
                    product.reprice(priceCents);
                    em.flush();
                    return ProductData.Output.of(product);
                });
    }

    /** {count, min, max, average} of the prices in a category (an aggregate worth caching). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PriceStats priceStats(String category) {
        Object[] row = em.createQuery(
                        "select count(p), min(p.priceCents), max(p.priceCents), avg(p.priceCents) from Product p"
                                + " where p.category = :category",
                        Object[].class)
                .setParameter("category", category)
                .getSingleResult();
        long count = ((Number) row[0]).longValue();
        return new PriceStats(
                category,
                count,
                count == 0 ? 0 : ((Number) row[1]).longValue(),
                count == 0 ? 0 : ((Number) row[2]).longValue(),
                count == 0 ? 0 : ((Number) row[3]).doubleValue());
    }

    /** Price figures of one category. */
    public record PriceStats(String category, long products, long minCents, long maxCents, double averageCents) {}

    public long count() {
        return em.createQuery("select count(p) from Product p", Long.class).getSingleResult();
    }
}

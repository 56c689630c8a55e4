package io.redkit.app.catalog;

import jakarta.persistence.Cacheable;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.Set;
import java.util.TreeSet;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/** A product: entity, natural-id (sku) and tag-collection caches in Redis through Hibernate L2 + redkit JCache. */
@Entity
@Table(name = "products")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "products")
@NaturalIdCache(region = "products-by-sku")
public class Product {

    @Id
    @GeneratedValue
    private Long id;

    @NaturalId
    @Column(nullable = false, unique = true, length = 64)
    private String sku;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false, length = 64)
    private String category;

    private long priceCents;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "product_tags")
    @Column(name = "tag", length = 64)
    @Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "product-tags")
    private Set<String> tags = new TreeSet<>();

    @Version
    private long version;

    protected Product() {}

    Product(String sku, String name, String category, long priceCents, Set<String> tags) {
        this.sku = sku;
        update(name, category, priceCents, tags);
    }

    void update(String name, String category, long priceCents, Set<String> tags) {
        this.name = name;
        this.category = category;
        this.priceCents = priceCents;
        this.tags.clear();
        if (tags != null) {
            this.tags.addAll(tags);
        }
    }

    void reprice(long priceCents) {
        this.priceCents = priceCents;
    }

    public Long getId() {
        return id;
    }

    public String getSku() {
        return sku;
    }

    public String getName() {
        return name;
    }

    public String getCategory() {
        return category;
    }

    public long getPriceCents() {
        return priceCents;
    }

    public Set<String> getTags() {
        return tags;
    }

    public long getVersion() {
        return version;
    }
}

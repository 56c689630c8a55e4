package com.example.shop;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheResult;

/** An expensive price computation, cached with the standard JSR-107 annotation (redkit intercepts it). */
@ApplicationScoped
public class Prices {

    private final AtomicInteger computations = new AtomicInteger();

    @CacheResult(cacheName = "prices")
    public Integer price(String sku) {
        computations.incrementAndGet();
        return Math.abs(sku.hashCode() % 10_000);
    }

    public int computations() {
        return computations.get();
    }
}

package com.example.shop;

import io.redkit.ratelimit.RateLimited;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** A business method limited by redkit's {@code @RateLimited}: over the limit it throws, and redkit maps it to 429. */
@ApplicationScoped
public class Checkout {

    @RateLimited(rule = "checkout")
    public String placeOrder() {
        return UUID.randomUUID().toString();
    }
}

package io.redkit.it.cache;

import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Stateless;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.annotation.CacheResult;

/** Test-only beans for CacheIT: @CacheResult on a @Stateless and a @Singleton EJB and on a @RequestScoped bean. */
public final class EjbLookups {

    static final AtomicLong CALLS = new AtomicLong();

    private EjbLookups() {}

    @Stateless
    public static class StatelessLookup {
        @CacheResult(cacheName = "ejb-lookups")
        public String lookup(String kind, String key) {
            return kind + ":" + key + ":" + CALLS.incrementAndGet();
        }
    }

    @Singleton
    public static class SingletonLookup {
        @CacheResult(cacheName = "ejb-lookups")
        public String lookup(String kind, String key) {
            return kind + ":" + key + ":" + CALLS.incrementAndGet();
        }
    }

    @RequestScoped
    public static class RequestScopedLookup {
        @CacheResult(cacheName = "ejb-lookups")
        public String lookup(String kind, String key) {
            return kind + ":" + key + ":" + CALLS.incrementAndGet();
        }
    }

    @Path("test/cached/{kind}/{key}")
    @RequestScoped
    public static class Resource {
        @EJB
        StatelessLookup stateless;

        @EJB
        SingletonLookup singleton;

        @jakarta.inject.Inject
        RequestScopedLookup requestScoped;

        @GET
        @Produces(MediaType.TEXT_PLAIN)
        public String get(@PathParam("kind") String kind, @PathParam("key") String key) {
            return switch (kind) {
                case "stateless" -> stateless.lookup(kind, key);
                case "singleton" -> singleton.lookup(kind, key);
                default -> requestScoped.lookup(kind, key);
            };
        }
    }
}

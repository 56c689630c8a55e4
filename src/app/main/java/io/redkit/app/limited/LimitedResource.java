package io.redkit.app.limited;

import io.redkit.app.ops.OpsSettings;
import io.redkit.ratelimit.RateLimitService;
import io.redkit.ratelimit.RateLimited;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Endpoints to watch the rate limiter work: {@code /api/limited/ping} (per IP, 5 per 10 s), {@code
 * /api/limited/tiered} (per {@code X-API-Key}, free or paid tier), {@code /api/limited/{any}} for rules configured
 * by path, {@code /api/limited/annotated} through {@link RateLimited}; and the demo registration of API keys.
 */
@Path("limited")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class LimitedResource {

    @Inject
    RateLimitService rateLimits;

    @Inject
    @ConfigProperty(name = "redkit.app.limited.admin-enabled", defaultValue = "true")
    boolean adminEnabled;

    @GET
    @Path("{name}")
    public Map<String, Object> call(@PathParam("name") String name) {
        return Map.of("endpoint", name, "at", Instant.now().toString());
    }

    @GET
    @Path("annotated")
    @RateLimited(rule = "ping")
    public Map<String, Object> annotated() {
        return Map.of("endpoint", "annotated", "at", Instant.now().toString());
    }

    /** Body of {@code PUT /api/limited/api-keys/{key}}. */
    public record TierAssignment(@NotNull @Pattern(regexp = "[a-z0-9-]{1,32}") String tier) {}

    /**
     * Admin: put an API key in a tier (role {@value OpsSettings#ROLE}). Switch it off altogether with
     * {@code redkit.app.limited.admin-enabled=false}.
     */
    @PUT
    @RolesAllowed(OpsSettings.ROLE)
    @Path("api-keys/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> assign(
            @PathParam("key") @Pattern(regexp = "[A-Za-z0-9._-]{8,128}", message = "must be 8 to 128 of A-Za-z0-9._-")
                    String key,
            @Valid @NotNull TierAssignment body) {
        if (!adminEnabled) {
            throw new ForbiddenException("API key administration is disabled (redkit.app.limited.admin-enabled)");
        }
        rateLimits.assignApiKey(key, body.tier());
        return Map.of("apiKey", key, "tier", body.tier());
    }
}

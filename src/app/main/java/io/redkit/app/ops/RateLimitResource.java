package io.redkit.app.ops;

import io.redkit.ratelimit.Decision;
import io.redkit.ratelimit.RateLimitRule;
import io.redkit.ratelimit.RateLimitService;
import io.redkit.ratelimit.RateLimitSettings;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/ratelimits}: the effective rules, and the current usage of one client under one rule (read without
 * counting). The client is written as in the keys: {@code ip:127.0.0.1}, {@code user:alice}, {@code key:<api key>}.
 */
@RolesAllowed(OpsSettings.ROLE)
@Path("ratelimits")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RateLimitResource {

    @Inject
    RateLimitSettings settings;

    @Inject
    RateLimitService service;

    @GET
    public List<Map<String, Object>> rules() {
        return settings.rules().stream().map(service::describe).toList();
    }

    @GET
    @Path("{rule}/{client}")
    public Map<String, Object> usage(
            @PathParam("rule") String ruleId, @PathParam("client") String client, @QueryParam("tier") String tier) {
        RateLimitRule rule = settings.rule(ruleId);
        if (rule == null) {
            throw new NotFoundException("No rate-limit rule '" + ruleId + "'");
        }
        String effectiveTier = tier == null ? rule.defaultTier() : tier;
        if (!rule.tiers().containsKey(effectiveTier)) {
            throw new NotFoundException("Rule '" + ruleId + "' has no tier '" + tier + "'");
        }
        Decision d = service.peek(rule, effectiveTier, client);
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("rule", rule.id());
        usage.put("client", client);
        usage.put("tier", effectiveTier);
        usage.put("policy", rule.policy(effectiveTier));
        usage.put("limit", d.limit());
        usage.put("remaining", d.remaining());
        usage.put("resetSeconds", d.resetSeconds());
        usage.put("wouldAdmit", d.allowed());
        return usage;
    }
}

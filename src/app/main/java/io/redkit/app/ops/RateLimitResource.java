package io.redkit.app.ops;

import io.redkit.config.RedkitConfigException;
import io.redkit.ratelimit.Decision;
import io.redkit.ratelimit.RateLimitRule;
import io.redkit.ratelimit.RateLimitRulesAdmin;
import io.redkit.ratelimit.RateLimitService;
import io.redkit.web.Problem;
import io.redkit.web.Problems;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/ratelimits}: the effective rules, and the current usage of one client under one rule (read without
 * counting). The client is written as in the keys: {@code ip:127.0.0.1}, {@code user:alice}, {@code key:<api key>}.
 * {@code /api/ratelimits/rules/{rule}}: a rule's runtime changes ({@link RateLimitRulesAdmin}): {@code GET} shows them,
 * {@code PUT {"limits":"10/10s","cost":2}} replaces them (every node applies them within a second), {@code DELETE} goes
 * back to the configuration. A bad change is a 400 problem naming the property and value; an unknown rule 404; with
 * {@code redkit.ratelimit.dynamic-rules=false} 409.
 */
@RolesAllowed(OpsSettings.ROLE)
@Path("ratelimits")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RateLimitResource {

    @Inject
    RateLimitService service;

    @Inject
    RateLimitRulesAdmin admin;

    @GET
    public List<Map<String, Object>> rules() {
        return service.rules().stream().map(service::describe).toList();
    }

    @GET
    @Path("rules/{rule}")
    public Map<String, Object> changes(@PathParam("rule") String ruleId) {
        return changesOf(known(ruleId));
    }

    @PUT
    @Path("rules/{rule}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response change(@PathParam("rule") String ruleId, JsonObject body) {
        String rule = known(ruleId);
        if (body == null) {
            return Problems.response(Problems.validation(
                    "A JSON object of the rule's properties is required, e.g. {\"limits\":\"10/10s\"}", List.of()));
        }
        Map<String, String> changes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> property : body.entrySet()) {
            JsonValue value = property.getValue();
            if (value instanceof JsonString text) {
                changes.put(property.getKey(), text.getString());
            } else if (value instanceof JsonNumber number && number.isIntegral()) {
                changes.put(property.getKey(), number.toString());
            } else {
                return invalid(property.getKey(), "must be a string such as \"100/1m,1000/1h\" (cost: a whole number)");
            }
        }
        try {
            admin.update(rule, changes);
        } catch (RedkitConfigException e) {
            String prefix = "redkit.ratelimit.rule." + rule + ".";
            return invalid(e.key().startsWith(prefix) ? e.key().substring(prefix.length()) : e.key(), e.getMessage());
        } catch (IllegalArgumentException e) {
            return Problems.response(Problems.validation(e.getMessage(), List.of()));
        }
        return Response.ok(changesOf(rule)).type(MediaType.APPLICATION_JSON).build();
    }

    @DELETE
    @Path("rules/{rule}")
    public Map<String, Object> reset(@PathParam("rule") String ruleId) {
        String rule = known(ruleId);
        admin.reset(rule);
        return changesOf(rule);
    }

    /** The rule's id when runtime changes are on and it is configured; else 409 or 404. */
    private String known(String ruleId) {
        if (!admin.enabled()) {
            throw new ClientErrorException(
                    "Rate-limit rules cannot change at runtime: redkit.ratelimit.dynamic-rules is false",
                    Response.Status.CONFLICT);
        }
        if (admin.configured(ruleId) == null) {
            throw new NotFoundException("No rate-limit rule '" + ruleId + "'");
        }
        return ruleId;
    }

    private Map<String, Object> changesOf(String ruleId) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("rule", ruleId);
        answer.put("version", admin.version());
        answer.put("changes", admin.changes(ruleId));
        answer.put("configured", budget(admin.configured(ruleId)));
        answer.put("effective", budget(service.rule(ruleId)));
        return answer;
    }

    private static Map<String, Object> budget(RateLimitRule rule) {
        Map<String, String> tiers = new LinkedHashMap<>();
        rule.tiers().keySet().forEach(tier -> tiers.put(tier, rule.policy(tier)));
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("tiers", tiers);
        budget.put("defaultTier", rule.defaultTier());
        budget.put("cost", rule.cost());
        return budget;
    }

    private static Response invalid(String field, String message) {
        return Problems.response(Problems.validation(message, List.of(new Problem.FieldError(field, message))));
    }

    @GET
    @Path("{rule}/{client}")
    public Map<String, Object> usage(
            @PathParam("rule") String ruleId, @PathParam("client") String client, @QueryParam("tier") String tier) {
        RateLimitRule rule = service.rule(ruleId);
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

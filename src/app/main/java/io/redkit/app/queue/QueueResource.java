package io.redkit.app.queue;

import io.redkit.app.ops.OpsSettings;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/queues/{q}}: enqueue, counts per state, dead letters (list, requeue, purge: role
 * {@value OpsSettings#ROLE}, as their payloads are other clients' messages). */
@Path("queues/{queue}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class QueueResource {

    /** Body of {@code POST /api/queues/{q}/messages}. */
    public record Enqueue(
            @NotNull JsonValue body,
            @Pattern(regexp = "high|normal", message = "must be high or normal") String priority) {}

    @Inject
    QueueWorkers workers;

    @POST
    @Path("messages")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response enqueue(@PathParam("queue") String name, @Valid @NotNull Enqueue message) {
        ReliableQueue queue = queue(name);
        ReliableQueue.Priority priority =
                "high".equals(message.priority()) ? ReliableQueue.Priority.HIGH : ReliableQueue.Priority.NORMAL;
        String id = queue.enqueue(message.body().toString(), priority);
        return Response.status(202)
                .entity(Map.of("id", id, "queue", name, "priority", priority))
                .build();
    }

    @GET
    public Map<String, Object> stats(@PathParam("queue") String name) {
        ReliableQueue.Stats stats = queue(name).stats();
        long[] handled = workers.handlerCounts(name);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("queue", name);
        result.put("ready", stats.readyHigh() + stats.readyNormal());
        result.put("readyHigh", stats.readyHigh());
        result.put("processing", stats.processing());
        result.put("delayed", stats.delayed());
        result.put("dead", stats.dead());
        result.put("processed", handled[0]);
        result.put("duplicateDeliveries", handled[1]);
        result.put("maxAttempts", workers.settings().maxAttempts());
        return result;
    }

    @RolesAllowed(OpsSettings.ROLE)
    @GET
    @Path("dead")
    public List<String> deadLetters(
            @PathParam("queue") String name, @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(1000) int limit) {
        return queue(name).deadLetters(limit).stream()
                .map(ReliableQueue.Message::json)
                .toList();
    }

    @RolesAllowed(OpsSettings.ROLE)
    @POST
    @Path("dead/{id}/requeue")
    public Map<String, Object> requeue(@PathParam("queue") String name, @PathParam("id") String id) {
        if (!queue(name).requeue(id)) {
            throw new NotFoundException("No dead letter '" + id + "' in queue '" + name + "'");
        }
        return Map.of("id", id, "requeued", true);
    }

    @RolesAllowed(OpsSettings.ROLE)
    @DELETE
    @Path("dead")
    public Map<String, Object> purge(@PathParam("queue") String name) {
        return Map.of("queue", name, "purged", queue(name).purgeDead());
    }

    private ReliableQueue queue(String name) {
        return workers.queue(name)
                .orElseThrow(() -> new NotFoundException("No queue '" + name + "' (configured: "
                        + workers.settings().names() + ")"));
    }
}

package io.redkit.app.stream;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
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

/** {@code /api/streams/{stream}}: append events; length, consumer groups with pending and lag; latest events. */
@Path("streams/{stream}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class StreamResource {

    /** Body of {@code POST .../events}. */
    public record NewEvent(
            @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1 to 64 of A-Za-z0-9._-") String type,
            @NotNull JsonValue data) {}

    @Inject
    StreamConsumers consumers;

    @POST
    @Path("events")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response append(@PathParam("stream") String stream, @Valid @NotNull NewEvent event) {
        check(stream);
        String id =
                consumers.streams().append(stream, event.type(), event.data().toString());
        return Response.status(201).entity(Map.of("stream", stream, "id", id)).build();
    }

    @GET
    public Map<String, Object> info(@PathParam("stream") String stream) {
        check(stream);
        EventStreams.Info info = consumers.streams().info(stream);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("stream", stream);
        result.put("length", info.length());
        result.put("groups", info.groups());
        result.put("projection", consumers.projection(stream));
        return result;
    }

    @GET
    @Path("events")
    public List<EventStreams.Event> latest(
            @PathParam("stream") String stream, @QueryParam("count") @DefaultValue("20") @Min(1) @Max(1000) int count) {
        check(stream);
        return consumers.streams().latest(stream, count);
    }

    private void check(String stream) {
        if (!consumers.known(stream)) {
            throw new NotFoundException("No stream '" + stream + "' (configured: redkit.app.stream.names)");
        }
    }
}

package io.redkit.app.counter;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/counters/{name}}: read, increment and delete named counters. */
@Path("counters")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CounterResource {

    static final String NAME = "[A-Za-z0-9._-]{1,64}";
    static final String NAME_MESSAGE = "must be 1 to 64 letters, digits, '.', '_' or '-'";

    @Inject
    CounterService counters;

    @GET
    @Path("{name}")
    public Counter get(@PathParam("name") @Pattern(regexp = NAME, message = NAME_MESSAGE) String name) {
        return counters.get(name).orElseThrow(() -> new NotFoundException("No counter named '" + name + "'"));
    }

    @POST
    @Path("{name}/increment")
    @Consumes(MediaType.APPLICATION_JSON)
    public Counter increment(
            @PathParam("name") @Pattern(regexp = NAME, message = NAME_MESSAGE) String name,
            @Valid @NotNull Increment body) {
        return counters.increment(name, body.by());
    }

    @DELETE
    @Path("{name}")
    public void delete(@PathParam("name") @Pattern(regexp = NAME, message = NAME_MESSAGE) String name) {
        if (!counters.delete(name)) {
            throw new NotFoundException("No counter named '" + name + "'");
        }
    }
}

package io.redkit.app.ops;

import io.redkit.jobs.JobState;
import io.redkit.jobs.JobStates;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code /api/jobs}: every cluster-singleton job's state, as recorded in Redis by whichever node ran it. */
@RolesAllowed(OpsSettings.ROLE)
@Path("jobs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    @Inject
    JobStates states;

    @GET
    public List<JobState> list() {
        return states.names().stream()
                .map(name -> states.state(name, 0))
                .flatMap(java.util.Optional::stream)
                .toList();
    }

    @GET
    @Path("{name}")
    public JobState get(
            @PathParam("name") String name,
            @QueryParam("history") @DefaultValue("20") @Min(0) @Max(10_000) int history) {
        return states.state(name, history).orElseThrow(() -> new NotFoundException("No job named '" + name + "'"));
    }
}

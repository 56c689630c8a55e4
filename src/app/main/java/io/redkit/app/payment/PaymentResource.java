package io.redkit.app.payment;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/payments/{id}}: create, read, and process exactly once under a distributed lock. */
@Path("payments/{id}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PaymentResource {

    static final String ID = "[A-Za-z0-9_-]{1,64}";
    static final String ID_MESSAGE = "must be 1 to 64 letters, digits, '_' or '-'";

    @Inject
    PaymentService payments;

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Payment create(
            @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
            @Valid @NotNull PaymentRequest body) {
        return payments.create(id, body);
    }

    @GET
    public Payment get(@PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id) {
        return payments.find(id).orElseThrow(() -> notFound(id));
    }

    @POST
    @Path("process")
    public Payment process(@PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id) {
        return payments.process(id).orElseThrow(() -> notFound(id));
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("No payment '" + id + "'");
    }
}

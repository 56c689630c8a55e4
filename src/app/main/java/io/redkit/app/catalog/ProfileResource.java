package io.redkit.app.catalog;

import io.redkit.app.web.NoNul;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/** User profiles, cache-aside through {@code @CacheResult} / {@code @CachePut} / {@code @CacheRemove}. */
@Path("users/{id: [0-9]+}/profile")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ProfileResource {

    /** Body of PUT. */
    public static class Input {
        @NotBlank
        @Size(max = 100)
        @NoNul
        public String displayName;

        @Email
        @Size(max = 200)
        @NoNul
        public String email;

        @Size(max = 2000)
        @NoNul
        public String bio;
    }

    @Inject
    ProfileService profiles;

    @GET
    public Profile get(@PathParam("id") long id) {
        return profiles.profile(id);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Profile put(@PathParam("id") long id, @Valid @NotNull Input input) {
        Profile profile = new Profile(id, input.displayName, input.email, input.bio, Instant.now(), 0);
        profiles.save(id, profile);
        return profile;
    }

    @DELETE
    public Response delete(@PathParam("id") long id) {
        if (!profiles.delete(id)) {
            throw new NotFoundException("User " + id + " has no profile");
        }
        return Response.noContent().build();
    }
}

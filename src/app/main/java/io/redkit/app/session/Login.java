package io.redkit.app.session;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Body of {@code POST /api/session/login}; {@code rememberMe: true} asks for a persistent session cookie. */
public record Login(
        @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1 to 64 of A-Za-z0-9._-") String user,
        @Pattern(regexp = "[a-z0-9-]{1,32}", message = "must be 1 to 32 of a-z0-9-") String role,
        Boolean rememberMe) {}

package io.redkit.app.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** All REST resources live under {@code /api}; their OpenAPI document is at {@code /openapi}. */
@ApplicationPath("/api")
@OpenAPIDefinition(
        info =
                @Info(
                        title = "redkit reference app",
                        version = "1",
                        description =
                                "Redis patterns behind Jakarta EE APIs: caching, sessions, rate limits, cluster jobs,"
                                        + " leaderboards, carts, queues, streams, pub/sub, analytics. Errors are"
                                        + " application/problem+json (RFC 9457)."))
public class RestApplication extends Application {}

package io.redkit.app.web;

import io.redkit.web.Problems;
import io.redkit.web.WebSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses request bodies over {@code redkit.web.max-body-bytes} with 413 before anything reads them. A body
 * without Content-Length (chunked) is cut off at the limit by the JSON reader's input, so it cannot grow unbounded
 * either.
 */
@Provider
@ApplicationScoped
public class BodySizeLimitFilter implements ContainerRequestFilter {

    @Inject
    WebSettings settings;

    @Override
    public void filter(ContainerRequestContext request) {
        int length = request.getLength();
        if (length > settings.maxBodyBytes()) {
            request.abortWith(Problems.response(Problems.of(
                    413,
                    "Request body of " + length + " bytes exceeds the limit of " + settings.maxBodyBytes() + " bytes ("
                            + WebSettings.MAX_BODY_BYTES + ")")));
        } else if (length < 0 && request.hasEntity()) {
            request.setEntityStream(new LimitedInputStream(request.getEntityStream(), settings.maxBodyBytes()));
        }
    }
}

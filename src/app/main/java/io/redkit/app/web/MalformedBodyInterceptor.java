package io.redkit.app.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;

/**
 * Every failure of a message body reader (JSON-B, JSON-P, text) becomes a {@link MalformedBodyException}: the JSON-P
 * reader throws unchecked {@code JsonException}s and Parsson's nesting limit a plain {@code RuntimeException}, which
 * would otherwise reach the catch-all mapper as a 500. Statuses set on purpose (413 from the size limit, 400 for a
 * missing body) pass through unchanged.
 */
@Provider
@ApplicationScoped
public class MalformedBodyInterceptor implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        try {
            return context.proceed();
        } catch (WebApplicationException | MalformedBodyException e) {
            throw e;
        } catch (CharacterCodingException e) {
            throw new MalformedBodyException("The request body is not valid " + charset(context) + " text", e);
        } catch (RuntimeException e) {
            throw new MalformedBodyException(BodyErrors.describe(e, context.getType()), e);
        }
    }

    private static String charset(ReaderInterceptorContext context) {
        String charset = context.getMediaType() == null
                ? null
                : context.getMediaType().getParameters().get("charset");
        return charset == null ? "UTF-8" : charset;
    }
}

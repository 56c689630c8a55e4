package io.redkit.app.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Type;

/**
 * The JSON-B that reads and writes the API's bodies: the default, except that whole numbers are read exactly. Yasson
 * narrows a JSON number to {@code Long}/{@code Integer} with {@code BigDecimal.longValue()}, so {@code 1e400} arrived
 * as 0 and 2^64+1 as 1, past every {@code @Min}/{@code @Max}; here a number that is not a whole number in range is a
 * 400 naming the field.
 */
@Provider
@ApplicationScoped
public class ExactNumbersJsonb implements ContextResolver<Jsonb> {

    private final Jsonb jsonb =
            JsonbBuilder.create(new JsonbConfig().withDeserializers(new ExactLong(), new ExactInteger()));

    @Override
    public Jsonb getContext(Class<?> type) {
        return jsonb;
    }

    private static JsonNumber number(JsonParser parser) {
        JsonValue value = parser.getValue();
        if (value instanceof JsonNumber number) {
            return number;
        }
        throw new JsonbException("not a number");
    }

    /** {@code Long} fields: {@code longValueExact} refuses fractions and overflow (and checks the size first). */
    static final class ExactLong implements JsonbDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser parser, DeserializationContext context, Type type) {
            try {
                return number(parser).bigDecimalValue().longValueExact();
            } catch (ArithmeticException e) {
                throw new JsonbException("not a whole number within the 64-bit range", e);
            }
        }
    }

    /** {@code Integer} fields, likewise within the 32-bit range. */
    static final class ExactInteger implements JsonbDeserializer<Integer> {
        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext context, Type type) {
            try {
                return number(parser).bigDecimalValue().intValueExact();
            } catch (ArithmeticException e) {
                throw new JsonbException("not a whole number within the 32-bit range", e);
            }
        }
    }
}

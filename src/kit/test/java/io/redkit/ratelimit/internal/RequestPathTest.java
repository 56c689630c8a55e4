package io.redkit.ratelimit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestPathTest {

    @Test
    void normalize_Variants_SamePath() {
        for (String variant : List.of(
                "/api/limited/ping",
                "/api/limited/ping;x",
                "/api;a=b/limited/ping",
                "//api//limited///ping",
                "/api/./limited/ping",
                "/api/limited/x/../ping",
                "/api/limited/ping/")) {
            assertEquals("/api/limited/ping", RequestPath.normalize(variant), variant);
        }
    }

    @Test
    void normalize_DotDotAboveRoot_StaysAtRoot() {
        assertEquals("/ping", RequestPath.normalize("/../../ping"));
        assertEquals("/", RequestPath.normalize(""));
    }

    @Test
    void normalize_EncodedText_NotDecodedAgain() {
        assertEquals("/p%69ng", RequestPath.normalize("/p%69ng"));
    }
}

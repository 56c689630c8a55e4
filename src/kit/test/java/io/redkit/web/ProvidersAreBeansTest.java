package io.redkit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.CompiledClasses;
import io.redkit.web.internal.RedisUnavailableExceptionMapper;
import org.junit.jupiter.api.Test;

class ProvidersAreBeansTest {

    @Test
    void everyKitProvider_CarriesABeanDefiningAnnotation() {
        CompiledClasses kit = CompiledClasses.of(RedisUnavailableExceptionMapper.class);
        assertTrue(kit.classes().size() > 100, "scanned the kit's classes in " + kit.root());
        assertEquals(
                java.util.List.of(),
                kit.providersThatAreNoBeans(),
                "@Provider classes that are no CDI beans (add @ApplicationScoped)");
    }
}

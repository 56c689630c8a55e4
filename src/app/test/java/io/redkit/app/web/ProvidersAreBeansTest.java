package io.redkit.app.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.CompiledClasses;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvidersAreBeansTest {

    @Test
    void everyAppProvider_CarriesABeanDefiningAnnotation() {
        CompiledClasses app = CompiledClasses.of(UnexpectedExceptionMapper.class);
        assertTrue(app.classes().contains(RolesAllowedFeature.class), "scanned the app's classes in " + app.root());
        assertEquals(
                List.of(),
                app.providersThatAreNoBeans(),
                "@Provider classes that are no CDI beans (add @ApplicationScoped)");
    }
}

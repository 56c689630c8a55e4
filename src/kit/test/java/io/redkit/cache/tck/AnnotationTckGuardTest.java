package io.redkit.cache.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ServiceLoader;
import javax.cache.annotation.BeanProvider;
import manager.BlogManager;
import manager.ClassLevelCacheConfigBlogManagerImpl;
import org.junit.jupiter.api.Test;

/**
 * The TCK's annotation tests pass silently when no {@link BeanProvider} is found. This test runs in the same JVM and
 * fails in that case, and checks that a TCK bean really is intercepted by redkit (a cached result survives the
 * removal of the underlying data).
 */
class AnnotationTckGuardTest {

    @Test
    void beanProviderIsFoundAndIntercepts() {
        BeanProvider provider =
                ServiceLoader.load(BeanProvider.class).findFirst().orElseThrow();
        assertInstanceOf(WeldBeanProvider.class, provider);
        BlogManager blogs = provider.getBeanByType(ClassLevelCacheConfigBlogManagerImpl.class);
        assertNotEquals(ClassLevelCacheConfigBlogManagerImpl.class, blogs.getClass(), "not a CDI proxy/subclass");
        blogs.clearCache();
        blogs.createEntry(new domain.Blog("guard", "body"));
        domain.Blog first = blogs.getEntryCached("guard");
        blogs.clearEntry("guard");
        domain.Blog second = blogs.getEntryCached("guard");
        assertEquals("body", second.getBody());
        assertEquals(first.getBody(), second.getBody());
        blogs.clearCache();
        assertSame(null, blogs.getEntryCached("guard"));
    }
}

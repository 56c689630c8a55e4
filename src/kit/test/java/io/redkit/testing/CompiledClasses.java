package io.redkit.testing;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.NormalScope;
import jakarta.enterprise.inject.Stereotype;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The classes a module compiled (its target/classes), for guard tests that check a rule on every class. */
public final class CompiledClasses {

    private final Path root;

    private CompiledClasses(Path root) {
        this.root = root;
    }

    /** The output directory that holds {@code anchor}'s class file. */
    public static CompiledClasses of(Class<?> anchor) {
        try {
            return new CompiledClasses(Path.of(
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path root() {
        return root;
    }

    /** Every class file under {@code root}, as paths relative to it. */
    public List<Path> files() {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".class"))
                    .map(root::relativize)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every class, loaded without initialising it. */
    public List<Class<?>> classes() {
        return files().stream()
                .map(p -> p.toString().replace(java.io.File.separatorChar, '.').replaceAll("\\.class$", ""))
                .filter(name -> !name.endsWith("module-info") && !name.endsWith("package-info"))
                .<Class<?>>map(name -> {
                    try {
                        return Class.forName(name, false, CompiledClasses.class.getClassLoader());
                    } catch (ClassNotFoundException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    /**
     * The JAX-RS {@code @Provider} classes without a bean-defining annotation: under annotated discovery they are no
     * CDI beans, so RESTEasy (WildFly, Liberty) never injects their {@code @Inject} fields.
     */
    public List<String> providersThatAreNoBeans() {
        return classes().stream()
                .filter(c -> c.isAnnotationPresent(Provider.class))
                .filter(c -> Stream.of(c.getAnnotations()).noneMatch(CompiledClasses::beanDefining))
                .map(Class::getName)
                .toList();
    }

    private static boolean beanDefining(Annotation a) {
        Class<? extends Annotation> type = a.annotationType();
        return type == Dependent.class
                || type == jakarta.interceptor.Interceptor.class
                || type == jakarta.decorator.Decorator.class
                || type.isAnnotationPresent(NormalScope.class)
                || type.isAnnotationPresent(Stereotype.class);
    }
}

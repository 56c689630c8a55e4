package io.redkit.jobs.internal;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import io.redkit.jobs.ClusterSingleton;
import io.redkit.jobs.JobSettings;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Finds every {@link ClusterSingleton} method at deployment and checks its lock rules, so a bad duration or a
 * lockAtLeastFor longer than lockAtMostFor fails the deployment naming the job, not the first tick at 3 a.m.
 */
public class JobsExtension implements Extension {

    private static final Logger LOG = Logger.getLogger(JobsExtension.class.getName());

    private final Set<Method> methods = new java.util.LinkedHashSet<>();
    private final Map<Method, JobLockConfig> configs = new ConcurrentHashMap<>();
    private final Set<Method> reportedDisabled = ConcurrentHashMap.newKeySet();

    void collect(@Observes @WithAnnotations(ClusterSingleton.class) ProcessAnnotatedType<?> event) {
        if (event.getAnnotatedType().isAnnotationPresent(jakarta.interceptor.Interceptor.class)) {
            return; // the interceptor carries its binding; its methods are not jobs
        }
        boolean typeLevel = event.getAnnotatedType().isAnnotationPresent(ClusterSingleton.class);
        for (AnnotatedMethod<?> method : event.getAnnotatedType().getMethods()) {
            if (typeLevel || method.isAnnotationPresent(ClusterSingleton.class)) {
                if (method.getJavaMember().getDeclaringClass() != Object.class) {
                    methods.add(method.getJavaMember());
                }
            }
        }
    }

    void validate(@Observes AfterDeploymentValidation validation) {
        ConfigReader config =
                ConfigReader.of(ConfigProvider.getConfig(getClass().getClassLoader()));
        JobSettings settings;
        try {
            settings = JobSettings.from(config);
        } catch (RedkitConfigException e) {
            return; // reported by RedkitConfigExtension
        }
        if (!settings.enabled() && !methods.isEmpty()) {
            LOG.info("redkit: " + JobSettings.ENABLED + "=false: this node runs none of the " + methods.size()
                    + " @ClusterSingleton job(s); the other nodes run them");
        }
        for (Method method : methods) {
            try {
                configs.put(method, resolve(method, settings, config));
            } catch (RedkitConfigException e) {
                LOG.severe("redkit deployment stopped: " + e.getMessage());
                validation.addDeploymentProblem(e);
            }
        }
    }

    /** A call of a job on a node where jobs are off: logged once per job. */
    void skippedWhileDisabled(Method method) {
        if (reportedDisabled.add(method)) {
            LOG.info("redkit: skipped " + method.getDeclaringClass().getSimpleName() + "." + method.getName() + ": "
                    + JobSettings.ENABLED + "=false on this node (logged once)");
        }
    }

    /** The lock rules of a job method, resolved at deployment (or now, for a method found later). */
    JobLockConfig config(Method method, JobSettings settings) {
        return configs.computeIfAbsent(
                method,
                m -> resolve(
                        m,
                        settings,
                        ConfigReader.of(ConfigProvider.getConfig(getClass().getClassLoader()))));
    }

    static JobLockConfig resolve(Method method, JobSettings settings, ConfigReader config) {
        ClusterSingleton annotation = method.getAnnotation(ClusterSingleton.class);
        if (annotation == null) {
            annotation = method.getDeclaringClass().getAnnotation(ClusterSingleton.class);
        }
        if (annotation == null) {
            throw new IllegalStateException("No @ClusterSingleton on " + method);
        }
        String name = annotation.name().isBlank() ? JobLockConfig.defaultName(method) : annotation.name();
        return JobLockConfig.of(name, annotation, settings, config);
    }
}

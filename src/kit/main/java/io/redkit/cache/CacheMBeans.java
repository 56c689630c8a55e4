package io.redkit.cache;

import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.CacheException;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.management.CacheMXBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** Registers a cache's JCache MXBeans in the platform MBean server under the names the specification gives. */
final class CacheMBeans {

    private static final Logger LOG = Logger.getLogger(CacheMBeans.class.getName());

    private CacheMBeans() {}

    static void statistics(RedkitCache<?, ?> cache, boolean enabled) {
        toggle(name(cache, "CacheStatistics"), cache.statistics(), enabled);
    }

    static void management(RedkitCache<?, ?> cache, boolean enabled) {
        toggle(name(cache, "CacheConfiguration"), new Management(cache), enabled);
    }

    private static void toggle(ObjectName name, Object bean, boolean enabled) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (enabled) {
                try {
                    server.registerMBean(bean, name);
                } catch (InstanceAlreadyExistsException e) {
                    server.unregisterMBean(name);
                    server.registerMBean(bean, name);
                }
            } else if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (Exception e) {
            if (enabled) {
                throw new CacheException("Cannot register the MBean " + name + ": " + e, e);
            }
            LOG.log(Level.FINE, "redkit cache: MBean unregistration failed for " + name, e);
        }
    }

    static ObjectName name(RedkitCache<?, ?> cache, String type) {
        try {
            return new ObjectName("javax.cache:type=" + type + ",CacheManager="
                    + safe(cache.getCacheManager().getURI().toString()) + ",Cache=" + safe(cache.getName()));
        } catch (MalformedObjectNameException e) {
            throw new CacheException("Cache '" + cache.getName() + "': no valid MBean name: " + e, e);
        }
    }

    private static String safe(String text) {
        return text == null ? "" : text.replaceAll(":|=|\n|,", ".");
    }

    /** The CacheMXBean: the cache's configuration, read live. */
    static final class Management implements CacheMXBean {
        private final RedkitCache<?, ?> cache;

        Management(RedkitCache<?, ?> cache) {
            this.cache = cache;
        }

        private CompleteConfiguration<?, ?> configuration() {
            return cache.liveConfiguration();
        }

        @Override
        public String getKeyType() {
            return configuration().getKeyType().getName();
        }

        @Override
        public String getValueType() {
            return configuration().getValueType().getName();
        }

        @Override
        public boolean isReadThrough() {
            return configuration().isReadThrough();
        }

        @Override
        public boolean isWriteThrough() {
            return configuration().isWriteThrough();
        }

        @Override
        public boolean isStoreByValue() {
            return configuration().isStoreByValue();
        }

        @Override
        public boolean isStatisticsEnabled() {
            return cache.statisticsEnabled();
        }

        @Override
        public boolean isManagementEnabled() {
            return cache.managementEnabled();
        }
    }
}

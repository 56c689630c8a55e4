package io.redkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {

    enum Mode {
        ON_SET_ATTRIBUTE,
        ALWAYS
    }

    private static ConfigReader config(String key, String value) {
        return ConfigReader.of(Map.of(key, value));
    }

    @Test
    void duration_ShortForms_AreParsed() {
        Duration max = Duration.ofDays(30);
        assertEquals(Duration.ofMillis(250), config("k", "250ms").duration("k", null, Duration.ZERO, max));
        assertEquals(Duration.ofSeconds(5), config("k", "5s").duration("k", null, Duration.ZERO, max));
        assertEquals(Duration.ofMinutes(10), config("k", "10m").duration("k", null, Duration.ZERO, max));
        assertEquals(Duration.ofHours(2), config("k", "2H").duration("k", null, Duration.ZERO, max));
        assertEquals(Duration.ofDays(7), config("k", "7d").duration("k", null, Duration.ZERO, max));
        assertEquals(Duration.ofSeconds(5), config("k", "PT5S").duration("k", null, Duration.ZERO, max));
    }

    @Test
    void duration_Garbage_NamesKeyAndValue() {
        RedkitConfigException e = assertThrows(RedkitConfigException.class, () -> config("redkit.x.ttl", "soon")
                .duration("redkit.x.ttl", null, Duration.ZERO, Duration.ofDays(1)));
        assertEquals("redkit.x.ttl", e.key());
        assertEquals("soon", e.value());
        assertTrue(e.getMessage().contains("redkit.x.ttl='soon'"), e.getMessage());
    }

    @Test
    void duration_OutOfRange_SaysTheRange() {
        RedkitConfigException e = assertThrows(RedkitConfigException.class, () -> config("k", "2h")
                .duration("k", null, Duration.ofSeconds(1), Duration.ofMinutes(5)));
        assertTrue(e.getMessage().contains("between 1s and 300s"), e.getMessage());
    }

    @Test
    void integer_BlankValue_UsesDefault() {
        assertEquals(7, config("k", "  ").integer("k", 7, 0, 10));
    }

    @Test
    void integer_NotANumberOrOutOfRange_Fails() {
        assertThrows(RedkitConfigException.class, () -> config("k", "ten").integer("k", 1, 0, 100));
        RedkitConfigException e = assertThrows(
                RedkitConfigException.class, () -> config("k", "101").integer("k", 1, 0, 100));
        assertTrue(e.getMessage().contains("between 0 and 100"), e.getMessage());
    }

    @Test
    void bool_AcceptsCommonSpellings_RejectsOthers() {
        assertTrue(config("k", "yes").bool("k", false));
        assertFalse(config("k", "OFF").bool("k", true));
        assertThrows(RedkitConfigException.class, () -> config("k", "maybe").bool("k", true));
    }

    @Test
    void choice_HyphenatedLowerCase_MapsToConstant() {
        assertEquals(Mode.ON_SET_ATTRIBUTE, config("k", "on-set-attribute").choice("k", Mode.class, Mode.ALWAYS));
        RedkitConfigException e = assertThrows(
                RedkitConfigException.class, () -> config("k", "never").choice("k", Mode.class, Mode.ALWAYS));
        assertTrue(e.getMessage().contains("one of on-set-attribute, always"), e.getMessage());
    }

    @Test
    void microProfileConfigMissing_ServerWithoutIt_SaysWhatToEnable() {
        ClassLoader withoutMicroProfile = new ClassLoader(ConfigReaderTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("org.eclipse.microprofile.")) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };
        String message =
                ConfigReader.microProfileConfigMissing(withoutMicroProfile).orElseThrow();
        assertTrue(message.startsWith("MicroProfile Config is not available to the application"), message);
        assertTrue(message.contains("mpConfig-3.1") && message.contains("microprofile-config-smallrye"), message);
    }

    @Test
    void microProfileConfigMissing_ItIsThere_Empty() {
        assertTrue(ConfigReader.microProfileConfigMissing(ConfigReaderTest.class.getClassLoader())
                .isEmpty());
    }
}

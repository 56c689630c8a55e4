package io.redkit.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandShapeTest {

    @Test
    void keyShape_KeepsPrefixFeatureAndDelimiters_MasksEverySegmentAfterTheFeature() {
        assertEquals("redkit:session:{*}", CommandShape.keyShape("redkit:session:{AbC-123_x}", "redkit"));
        assertEquals("redkit:jcache:{*|*}:*", CommandShape.keyShape("redkit:jcache:{default|profiles}:d", "redkit"));
        assertEquals("redkit:rl:*:*:*", CommandShape.keyShape("redkit:rl:ping:key:0a1b2c", "redkit"));
        assertEquals("{redkit:lock:*}:*", CommandShape.keyShape("{redkit:lock:job}:x", "redkit"));
    }

    @Test
    void keyShape_ASecondSegmentThatCouldBeAValue_IsMaskedToo() {
        assertEquals("redkit:*", CommandShape.keyShape("redkit:alice", "redkit"), "last segment");
        assertEquals("redkit:*", CommandShape.keyShape("redkit:Alice:cart", "redkit"), "not lower-case");
        assertEquals("redkit:*", CommandShape.keyShape("redkit:12:cart", "redkit"), "digits");
        assertEquals("redkit:*", CommandShape.keyShape("redkit:été:x", "redkit"), "not ASCII");
        assertEquals("redkit:*", CommandShape.keyShape("redkit:abcdefghijklmnopqrstuvwxyz:x", "redkit"), "long");
    }

    @Test
    void keyShape_ValuesAndOtherApplicationsKeys_AreNotKeys() {
        assertNull(CommandShape.keyShape("secret-value", "redkit"));
        assertNull(CommandShape.keyShape("redkitx:session:abc", "redkit"));
        assertNull(CommandShape.keyShape("other:session:abc", "redkit"));
    }

    @Test
    void of_NameSubcommandArgumentCountAndDistinctKeyShapes() {
        CommandShape eval = CommandShape.of(
                List.of(
                        "evalsha",
                        "ab12",
                        "2",
                        "redkit:session:{id1}",
                        "redkit:session:{id1}:x",
                        "v",
                        "redkit:session:{id2}"),
                "redkit");
        assertEquals("EVALSHA", eval.name());
        assertEquals(6, eval.arguments());
        assertEquals(List.of("redkit:session:{*}", "redkit:session:{*}:*"), eval.keys());
        assertEquals(
                "CLIENT SETNAME",
                CommandShape.of(List.of("CLIENT", "SETNAME", "x"), "redkit").name());
        assertEquals(
                "CONFIG ?",
                CommandShape.of(List.of("CONFIG", "s3cr3t"), "redkit").name());
        assertEquals("?", CommandShape.of(List.of("not a command"), "redkit").name());
        assertEquals("?", CommandShape.of(List.of(), "redkit").name());
    }
}

package io.redkit.testing;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** What integration tests deploy: the real WAR built by this module's package phase, not a hand-made subset. */
public final class Deployments {

    private Deployments() {}

    public static File warFile() {
        return PayaraMicroNode.warUnderTest();
    }

    /** The real WAR plus test-only classes, written to {@code target/<name>.war} for {@link PayaraMicroNode}. */
    public static File redkitWarWith(String name, Class<?>... classes) {
        File file = new File(warFile().getParentFile(), name + ".war");
        redkitWar().addClasses(classes).as(ZipExporter.class).exportTo(file, true);
        return file;
    }

    public static WebArchive redkitWar() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, warFile());
    }
}

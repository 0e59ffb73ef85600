package io.bertstream.trainer.autograd;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/** HotSpot options of the running JVM, read through its diagnostic bean; absent on other JVMs or for unknown names. */
final class VmOptions {
    private VmOptions() {}

    /** The option's value, or null when this JVM cannot say (not HotSpot, or no such option). */
    static String value(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** A boolean option, or {@code otherwise} when it cannot be read. */
    static boolean flag(String name, boolean otherwise) {
        String v = value(name);
        return v == null ? otherwise : Boolean.parseBoolean(v);
    }
}

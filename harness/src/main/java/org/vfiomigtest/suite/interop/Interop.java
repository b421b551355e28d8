package org.vfiomigtest.suite.interop;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.vfiomigtest.suite.support.DeviceExtension;

/**
 * An interoperability test: a real VFIO migration client (QEMU) drives the devices. Tag
 * {@code interop} (exclude with {@code --tags '!interop'}) and the shared {@code migtest-device}
 * lock: QEMU opens the devices itself, so no other device test may hold them meanwhile. No
 * {@code DeviceExtension}: the harness must not have the devices open while QEMU does.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("interop")
@ResourceLock(DeviceExtension.LOCK)
public @interface Interop {
}

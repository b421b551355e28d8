package org.vfiomigtest.suite.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A conformance test against a live device: tag {@code conformance}, the shared
 * {@code migtest-device} lock (one device, one VM: never two device tests at once) and the
 * {@link DeviceExtension} fixture, which opens, resets, injects and closes the device under test.
 * Put it on the test class or on each test method.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("conformance")
@ResourceLock(DeviceExtension.LOCK)
@ExtendWith(DeviceExtension.class)
public @interface Conformance {
}

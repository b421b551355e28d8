package org.vfiomigtest.suite.support;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;
import org.vfiomigtest.migration.AccessTrace;
import org.vfiomigtest.migration.MigrationRegion;
import org.vfiomigtest.migration.SpecModel;
import org.vfiomigtest.suite.support.DeviceCandidates.Candidate;
import org.vfiomigtest.vfio.AttachedDevice;
import org.vfiomigtest.vfio.Device;

/**
 * The fixture of every {@link Conformance} test. Before each test it
 * <ol>
 * <li>aborts when {@code -Dmigtest.train=true} (the host warms the JVM class cache; no device is
 * touched) or when no device is given ({@link DeviceCandidates});</li>
 * <li>picks the device under test: the first candidate whose migration region has
 * VFIO_REGION_INFO_CAP_MIG_NDMA, else the first ({@link NeedsNdma}: only one with the cap;
 * {@link WithoutNdma}: only one without); for {@link ResumeTarget} parameters also the next
 * instance of the same type;</li>
 * <li>turns on the sample driver's bug switch {@code -Dmigtest.bug=NAME} on each device it opens
 * (before the open, so open-time bugs show);</li>
 * <li>opens them and issues VFIO_DEVICE_RESET;</li>
 * <li>aborts, with the reason, when a parameter needs what the device lacks (a
 * {@link SampleDriver} on another driver's device).</li>
 * </ol>
 * It injects {@link DeviceUnderTest}, {@link MigrationRegion}, {@link AccessTrace},
 * {@link AttachedDevice}, {@link Device}, {@link SampleDriver} and {@link SpecModel} parameters
 * ({@link ResumeTarget} selects the second device). After each test it attaches the access
 * trace of each device the test touched the migration region of to the report (also as a JUnit
 * report entry when the test failed), closes the devices and restores the sample driver
 * (injections and bug switches off, knobs back).
 */
public final class DeviceExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    /** The resource lock every device test holds. */
    public static final String LOCK = "migtest-device";
    /** System property set by the host's class-cache training run. */
    public static final String TRAIN_PROPERTY = "migtest.train";
    /** System property: a sample-driver bug switch to turn on for every test (self-test). */
    public static final String BUG_PROPERTY = "migtest.bug";

    private static final Namespace NS = Namespace.create(DeviceExtension.class);
    private static final String SESSION = "session";
    private static final List<Class<?>> INJECTED = List.of(DeviceUnderTest.class, MigrationRegion.class,
            AccessTrace.class, AttachedDevice.class, Device.class, SampleDriver.class, SpecModel.class);
    /** Whether a device's migration region offers the NDMA capability, probed once per run. */
    private static final Map<Path, Boolean> NDMA = new ConcurrentHashMap<>();

    /** The devices opened for one test; closing it closes them and restores the sample driver. */
    static final class Session implements ExtensionContext.Store.CloseableResource {
        final List<DeviceUnderTest> opened = new ArrayList<>();
        DeviceUnderTest primary;
        DeviceUnderTest target;

        @Override
        public void close() {
            RuntimeException first = null;
            for (DeviceUnderTest d : opened) {
                try {
                    d.close();
                } catch (RuntimeException e) {
                    first = keep(first, e);
                }
                try {
                    d.sampleDriver().ifPresent(SampleDriver::restore);
                } catch (RuntimeException e) {
                    first = keep(first, e);
                }
            }
            opened.clear();
            if (first != null) {
                throw first;
            }
        }

        private static RuntimeException keep(RuntimeException first, RuntimeException e) {
            if (first == null) {
                return e;
            }
            first.addSuppressed(e);
            return first;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeFalse(Boolean.getBoolean(TRAIN_PROPERTY),
                "-D" + TRAIN_PROPERTY + "=true: class-cache training run, no device is touched");
        List<Candidate> all = DeviceCandidates.fromProperties();
        Assumptions.assumeFalse(all.isEmpty(), "no device under test: set -D" + DeviceCandidates.MDEVS_PROPERTY
                + "=TYPE=UUID,... or -D" + DeviceCandidates.DEVICE_PROPERTY + "=/sys/bus/.../DEVICE");

        var session = new Session();
        context.getStore(NS).put(SESSION, session);
        Candidate primary = choose(all, has(context, NeedsNdma.class), has(context, WithoutNdma.class));
        session.primary = openForTest(session, primary);

        Parameter[] params = context.getRequiredTestMethod().getParameters();
        boolean wantsTarget = false;
        for (Parameter p : params) {
            wantsTarget |= p.isAnnotationPresent(ResumeTarget.class);
        }
        if (wantsTarget) {
            Candidate target = all.stream().filter(c -> !c.equals(primary) && c.type().equals(primary.type()))
                    .findFirst().orElse(null);
            Assumptions.assumeTrue(target != null, () -> "the test resumes into a second instance of type "
                    + primary.type() + " but the run has only " + all);
            session.target = openForTest(session, target);
        }
        for (Parameter p : params) {
            if (p.getType() == SampleDriver.class) {
                (p.isAnnotationPresent(ResumeTarget.class) ? session.target : session.primary).requireSampleDriver();
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Session session = context.getStore(NS).remove(SESSION, Session.class);
        if (session == null) {
            return;
        }
        Optional<Throwable> failure = context.getExecutionException()
                .filter(t -> !(t instanceof TestAbortedException));
        // a factory's dynamic tests attach their own traces (DeviceTests), unless the factory failed
        boolean factory = context.getTestMethod().filter(m -> m.isAnnotationPresent(TestFactory.class)).isPresent()
                && failure.isEmpty();
        try {
            for (DeviceUnderTest d : session.opened) {
                boolean touched = !d.trace().entries().isEmpty();
                String title = "access trace of " + d.name();
                String text = touched && !factory ? DeviceTests.attachTrace(title, d.trace()) : "";
                if (failure.isPresent()) {
                    // a report entry may not be blank
                    context.publishReportEntry(title, text.isBlank() ? "(no region access)" : text);
                }
            }
        } finally {
            session.close(); // whatever happened above: the next test needs the device
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        return INJECTED.contains(pc.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        Session session = ec.getStore(NS).get(SESSION, Session.class);
        if (session == null) {
            throw new IllegalStateException(pc.getParameter() + ": no device is open; is the test @Conformance "
                    + "(the fixture opens devices before each test, not for @BeforeAll)?");
        }
        DeviceUnderTest d = pc.isAnnotated(ResumeTarget.class) ? session.target : session.primary;
        Class<?> type = pc.getParameter().getType();
        if (type == DeviceUnderTest.class) {
            return d;
        } else if (type == MigrationRegion.class) {
            return d.migration();
        } else if (type == AccessTrace.class) {
            return d.trace();
        } else if (type == AttachedDevice.class) {
            return d.attached();
        } else if (type == Device.class) {
            return d.device();
        } else if (type == SampleDriver.class) {
            return d.requireSampleDriver();
        }
        return d.model();
    }

    /** Opens {@code c} for a test: bug switch on (before the open), open, VFIO_DEVICE_RESET. */
    private static DeviceUnderTest openForTest(Session session, Candidate c) {
        String bug = System.getProperty(BUG_PROPERTY, "").strip();
        Optional<SampleDriver> sample = SampleDriver.find(c.name());
        if (!bug.isEmpty()) {
            sample.orElseThrow(() -> new IllegalStateException("-D" + BUG_PROPERTY + "=" + bug + " needs a "
                    + "migtest_mdev device, but " + c + " has no " + SampleDriver.DEBUGFS.resolve(c.name())))
                    .bug(bug, true);
        }
        DeviceUnderTest d;
        try {
            d = DeviceUnderTest.open(c);
        } catch (RuntimeException e) {
            sample.ifPresent(SampleDriver::restore);
            throw e;
        }
        session.opened.add(d);
        d.reset();
        return d;
    }

    /** The device a test without capability needs runs on: the first with the NDMA capability, else the first. */
    public static Candidate primary(List<Candidate> all) {
        return choose(all, false, false);
    }

    /** The device under test: see the class comment. */
    private static Candidate choose(List<Candidate> all, boolean needsNdma, boolean withoutNdma) {
        if (withoutNdma) {
            Optional<Candidate> plain = all.stream().filter(c -> !hasNdma(c)).findFirst();
            Assumptions.assumeTrue(plain.isPresent(), () -> "the test needs a device without "
                    + "VFIO_REGION_INFO_CAP_MIG_NDMA, but every device has it: " + all);
            return plain.get();
        }
        Optional<Candidate> ndma = all.stream().filter(DeviceExtension::hasNdma).findFirst();
        if (needsNdma) {
            Assumptions.assumeTrue(ndma.isPresent(), () -> "capability absent: no device offers "
                    + "VFIO_REGION_INFO_CAP_MIG_NDMA (NDMA bit), among " + all);
        }
        return ndma.orElse(all.get(0));
    }

    private static boolean hasNdma(Candidate c) {
        return NDMA.computeIfAbsent(c.sysfs(), p -> {
            try (AttachedDevice a = AttachedDevice.open(p, false)) {
                return MigrationRegion.find(a.device(), new AccessTrace()).map(MigrationRegion::hasNdma)
                        .orElse(false);
            }
        });
    }

    private static boolean has(ExtensionContext context, Class<? extends java.lang.annotation.Annotation> a) {
        AnnotatedElement method = context.getRequiredTestMethod();
        return AnnotationSupport.isAnnotated(method, a) || AnnotationSupport.isAnnotated(context.getRequiredTestClass(), a);
    }
}

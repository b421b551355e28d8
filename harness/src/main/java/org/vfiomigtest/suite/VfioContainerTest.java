package org.vfiomigtest.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vfiomigtest.sys.Vfio;
import org.vfiomigtest.vfio.Container;
import org.vfiomigtest.vfio.IommuType;

/**
 * The guest's VFIO container works: {@code /dev/vfio/vfio} speaks API version 0 and offers the
 * type1v2 IOMMU (vfio_iommu_type1 is loaded by the guest init). A missing container node fails:
 * the guest always has it. A host training run ({@code -Dmigtest.train=true}) aborts first.
 */
@Tag("vfio")
@DisplayName("VFIO container")
class VfioContainerTest {

    @BeforeEach
    void requireContainer() {
        assumeFalse(Boolean.getBoolean("migtest.train"),
                "migtest.train=true: class-cache training run, no device is touched");
        if (!Files.exists(Path.of(Container.PATH))) {
            fail(Container.PATH + " is missing: the guest must load vfio and vfio_iommu_type1 before the suite runs");
        }
    }

    @Test
    @DisplayName("VFIO_GET_API_VERSION returns VFIO_API_VERSION (0)")
    void apiVersionIsVfioApiVersion() {
        try (Container container = Container.open()) {
            assertEquals(Vfio.API_VERSION, container.getApiVersion(),
                    "VFIO_GET_API_VERSION on " + Container.PATH);
        }
    }

    @Test
    @DisplayName("VFIO_CHECK_EXTENSION(VFIO_TYPE1v2_IOMMU) is supported")
    void type1v2IommuIsSupported() {
        try (Container container = Container.open()) {
            assertTrue(container.supports(IommuType.TYPE1V2),
                    "VFIO_CHECK_EXTENSION(VFIO_TYPE1v2_IOMMU) on " + Container.PATH
                            + " returned 0: is vfio_iommu_type1 loaded?");
        }
    }
}

package org.vmpooler.manager.clone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.vmpooler.metrics.Metrics;

class HostnameGeneratorTest {

    @Test
    void everyGeneratedCoreNameFitsNetBiosLength() {
        HostnameGenerator generator = HostnameGenerator.standard(new SplittableRandom(7), fqdn -> false, Metrics.none());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            String core = generator.core();
            assertThat(core).matches("[a-z]+-[a-z]+").hasSizeLessThanOrEqualTo(15);
            assertThat(core.substring(core.indexOf('-') + 1)).hasSizeLessThanOrEqualTo(10);
            seen.add(core);
        }
        assertThat(seen).as("names vary").hasSizeGreaterThan(1_000);
    }

    @Test
    void theConfiguredPrefixIsPrependedVerbatim() {
        HostnameGenerator generator = HostnameGenerator.standard(new SplittableRandom(1), fqdn -> false, Metrics.none());
        String name = generator.reserve(new HostnameGenerator.Checks("centos", "poolvm-", "example.com", true,
                n -> false, n -> true));
        assertThat(name).startsWith("poolvm-").matches("poolvm-[a-z]+-[a-z]+");
    }
}

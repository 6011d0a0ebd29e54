package org.vmpooler.manager.clone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
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
    void theStandardListsNameHundredsOfThousandsOfVmsBeforeRunningOut() {
        // A farm creating 5,000 VMs a day keeps 35,000 names taken through the default week of data_ttl; with
        // the space ten times larger a fresh name is taken in fewer than one draw of five.
        HostnameGenerator generator = HostnameGenerator.standard(new SplittableRandom(3), fqdn -> false, Metrics.none());
        assertThat(generator.distinctCores()).isGreaterThan(200_000);
    }

    @Test
    void distinctCoresCountsOnlyPairsThatFitFifteenCharacters() {
        WordList adjectives = new WordList(List.of("red", "brilliant"));
        WordList nouns = new WordList(List.of("fox", "hummingbrd"));
        HostnameGenerator generator = new HostnameGenerator(adjectives, nouns, new SplittableRandom(1),
                fqdn -> false, Metrics.none());
        // red-fox, brilliant-fox, red-hummingbrd fit; brilliant-hummingbrd (20) does not.
        assertThat(generator.distinctCores()).isEqualTo(3);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            seen.add(generator.core());
        }
        assertThat(seen).containsExactlyInAnyOrder("red-fox", "brilliant-fox", "red-hummingbrd");
    }

    @Test
    void theConfiguredPrefixIsPrependedVerbatim() {
        HostnameGenerator generator = HostnameGenerator.standard(new SplittableRandom(1), fqdn -> false, Metrics.none());
        String name = generator.reserve(new HostnameGenerator.Checks("centos", "poolvm-", "example.com", true,
                n -> false, n -> true));
        assertThat(name).startsWith("poolvm-").matches("poolvm-[a-z]+-[a-z]+");
    }
}

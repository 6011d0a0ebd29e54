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
    void everyGeneratedNameIsAnAdjectiveNounPairWithARandomSuffixInOneDnsLabel() {
        HostnameGenerator generator = HostnameGenerator.standard(new SplittableRandom(7), fqdn -> false, Metrics.none());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            String core = generator.core();
            assertThat(core).matches("[a-z]+-[a-z]+-[0-9bcdfghjklmnpqrstvwxz]{5}")
                    .hasSizeLessThanOrEqualTo(HostnameGenerator.MAX_NAME_WITHOUT_PREFIX);
            String pair = core.substring(0, core.lastIndexOf('-'));
            assertThat(pair).as("the reference's adjective-noun part").hasSizeLessThanOrEqualTo(15);
            seen.add(core);
        }
        assertThat(HostnameGenerator.MAX_NAME_WITHOUT_PREFIX).isEqualTo(21);
        assertThat(seen).as("no name drawn twice in 5,000").hasSize(5_000);
    }

    @Test
    void theStandardListsGiveTrillionsOfNames() {
        // A farm cloning 5,000 VMs a minute keeps 50 million names taken through the default week of data_ttl:
        // a draw then finds its name taken about once in a hundred thousand.
        HostnameGenerator generator = HostnameGenerator.standard(new SplittableRandom(3), fqdn -> false, Metrics.none());
        assertThat(generator.distinctCores()).isGreaterThan(5_000_000_000_000L);
    }

    @Test
    void distinctCoresCountsOnlyPairsThatFitFifteenCharactersTimesTheSuffixes() {
        WordList adjectives = new WordList(List.of("red", "brilliant"));
        WordList nouns = new WordList(List.of("fox", "hummingbrd"));
        HostnameGenerator generator = new HostnameGenerator(adjectives, nouns, new SplittableRandom(1),
                fqdn -> false, Metrics.none());
        // red-fox, brilliant-fox, red-hummingbrd fit; brilliant-hummingbrd (20) does not.
        assertThat(generator.distinctCores()).isEqualTo(3L * 30 * 30 * 30 * 30 * 30);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String core = generator.core();
            seen.add(core.substring(0, core.lastIndexOf('-')));
        }
        assertThat(seen).containsExactlyInAnyOrder("red-fox", "brilliant-fox", "red-hummingbrd");
    }

    @Test
    void theConfiguredPrefixIsPrependedVerbatim() {
        HostnameGenerator generator = HostnameGenerator.standard(new SplittableRandom(1), fqdn -> false, Metrics.none());
        String name = generator.reserve(new HostnameGenerator.Checks("centos", "poolvm-", "example.com", true,
                n -> false, n -> true));
        assertThat(name).startsWith("poolvm-").matches("poolvm-[a-z]+-[a-z]+-[0-9a-z]{5}");
    }
}

package org.vmpooler.provider.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.config.Settings;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.ProviderCapacityException;
import org.vmpooler.provider.VmLabels;

/** Clones go to the least loaded of several hosts, and no host is filled past its limit. */
class PlacementTest {

    private static final String SMALL = TestDriver.fixture("host-small.xml");
    private static final String LARGE = TestDriver.fixture("host-large.xml");

    private LibvirtProvider provider;

    @AfterEach
    void close() {
        provider.close();
    }

    private LibvirtProvider onTwoHosts(Map<String, Object> keys) {
        Map<String, Object> settings = new HashMap<>(Map.of("uri", List.of(SMALL, LARGE),
                "storage_pool", "templates"));
        settings.putAll(keys);
        provider = TestDriver.provider(settings);
        return provider;
    }

    private String create(String vm) {
        CreateRequest request = new CreateRequest("centos", vm, "centos", Optional.empty(),
                new Settings(Map.of("memory", 256), ":pools: > centos", "test"),
                VmLabels.of("placement", "centos", vm, Optional.empty(), Optional.empty()));
        return provider.createVm(request).extras().get("host");
    }

    @Test
    void clonesFillTheHostsInProportionToTheirMemoryAndThenAreRefused() {
        onTwoHosts(Map.of());

        Map<String, Long> byHost = IntStream.range(0, 12).mapToObj(i -> create("vm-" + i))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertThat(byHost).isEqualTo(Map.of(SMALL, 4L, LARGE, 8L));
        assertThatThrownBy(() -> create("vm-12")).isInstanceOf(ProviderCapacityException.class)
                .hasMessageContaining("no host has room for vm-12 (256 MiB; memory_overcommit 1.0)")
                .satisfies(e -> assertThat(((ProviderCapacityException) e).kind())
                        .isEqualTo(ProviderCapacityException.Kind.CAPACITY));
        assertThat(provider.vmsInPool("centos")).hasSize(12).doesNotContain("vm-12");
    }

    @Test
    void overcommitAndADomainLimitMoveTheLimits() {
        onTwoHosts(Map.of("memory_overcommit", 2.0, "max_domains_per_host", 5));

        Map<String, Long> byHost = IntStream.range(0, 10).mapToObj(i -> create("vm-" + i))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertThat(byHost).isEqualTo(Map.of(SMALL, 5L, LARGE, 5L));
        assertThatThrownBy(() -> create("vm-10")).isInstanceOf(ProviderCapacityException.class)
                .hasMessageContaining("max_domains_per_host 5");
    }

    @Test
    void aDestroyedCloneFreesItsRoom() {
        onTwoHosts(Map.of("max_domains_per_host", 1));
        create("first");
        create("second");
        assertThatThrownBy(() -> create("third")).isInstanceOf(ProviderCapacityException.class);

        assertThat(provider.destroyVm("centos", "first")).isTrue();

        assertThat(create("third")).isIn(SMALL, LARGE);
    }
}

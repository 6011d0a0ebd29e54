package org.vmpooler.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/** A benchmark configuration: N pools of one size on the instant dummy provider, on a given Redis database. */
record PoolLayout(int pools, int size, int redisDatabase) {

    List<String> poolNames() {
        return IntStream.range(0, pools).mapToObj(i -> String.format("bench-%03d", i)).toList();
    }

    int totalVms() {
        return pools * size;
    }

    /** Writes the YAML file the server is started with. */
    Path write(Path dir) throws IOException {
        StringBuilder yaml = settings(400, false, redisDatabase);
        for (String name : poolNames()) {
            pool(yaml, name, size);
        }
        Path file = dir.resolve("vmpooler-bench-" + pools + "x" + size + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /**
     * Everything but the pools: the dummy provider at zero delay, on the benchmark's Redis database, checking new
     * names in DNS or not.
     */
    static StringBuilder settings(int taskLimit, boolean dnsCheck, int redisDatabase) {
        return new StringBuilder()
                .append(":config:\n")
                .append("  prefix: 'bench-'\n")
                .append("  task_limit: ").append(taskLimit).append('\n')
                .append("  check_loop_delay_min: 1\n")
                .append("  check_loop_delay_max: 5\n")
                .append("  vm_checktime: 60\n")
                .append(":redis:\n")
                .append("  server: 127.0.0.1\n")
                .append("  port: 6379\n")
                .append("  database: ").append(redisDatabase).append('\n')
                .append(":providers:\n")
                .append("  :dummy:\n")
                .append("    provider_class: dummy\n")
                // The dummy simulates one provider connection by default, as the reference's does; a real
                // provider serving 100 pools has many.
                .append("    connection_pool_size: 100\n")
                .append("    skip_dns_check_before_creating_vm: ").append(!dnsCheck).append('\n')
                .append(":dns_configs:\n")
                .append("  :bench:\n")
                .append("    dns_class: dynamic-dns\n")
                .append("    domain: bench.example.com\n")
                .append(":pools:\n");
    }

    static void pool(StringBuilder yaml, String name, int size) {
        yaml.append("  - name: ").append(name).append('\n')
                .append("    template: templates/").append(name).append('\n')
                .append("    size: ").append(size).append('\n')
                .append("    provider: dummy\n")
                .append("    dns_plugin: bench\n");
    }
}

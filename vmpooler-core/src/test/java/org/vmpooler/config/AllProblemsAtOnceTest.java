package org.vmpooler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One read reports every mistake of a configuration, each with its key path, value, file and likely intent. */
class AllProblemsAtOnceTest {
    @TempDir
    Path dir;

    /** The mistakes of a configuration written for the reference's 2.x: a global domain, pools without DNS. */
    private static final String MIGRATED = """
            :config:
              domain: example.com
              task_limt: 4
              timeout: soon
            :redis:
              server: redis.example.com
              port: 99999
            :tracing:
              enabled: true
              jaeger_host: not a url
            :pools:
              - name: debian
                template: templates/debian
                size: 2
              - name: centos
                sise: 3
                provider: vsphre
            :provders:
              :vsphere: {}
            """;

    private ConfigCheck check(String yaml) {
        return new ConfigLoader().check(new LoaderFixture(dir).config(yaml).env, dir);
    }

    private static List<String> messages(List<ConfigProblems.Problem> problems) {
        return problems.stream().map(ConfigProblems.Problem::message).toList();
    }

    @Test
    void everyErrorOfEverySectionIsFoundInOneRead() {
        ConfigCheck check = check(MIGRATED);

        assertThat(check.ok()).isFalse();
        assertThat(check.config()).isEmpty();
        assertThat(messages(check.problems().errors()))
                .anySatisfy(e -> assertThat(e).contains(":config: > domain").contains("no longer supported"))
                .anySatisfy(e -> assertThat(e).contains(":config: > timeout").contains("'soon'"))
                .anySatisfy(e -> assertThat(e).contains(":redis: > port").contains("99999"))
                .anySatisfy(e -> assertThat(e).contains(":tracing: > jaeger_host"))
                .anySatisfy(e -> assertThat(e).contains(":pools: > debian > dns_plugin").contains("missing"))
                .anySatisfy(e -> assertThat(e).contains(":pools: > centos > dns_plugin").contains("missing"))
                .anySatisfy(e -> assertThat(e).contains(":pools: > centos > template").contains("missing"))
                .anySatisfy(e -> assertThat(e).contains(":pools: > centos > size").contains("missing"))
                .anySatisfy(e -> assertThat(e).contains(":pools: > centos > provider").contains("'vsphre'"))
                .allSatisfy(e -> assertThat(e).contains(dir.resolve("vmpooler.yaml").toString()));
    }

    @Test
    void misspeltKeysAreWarnedAboutWithTheKeyProbablyMeant() {
        List<String> warnings = messages(check(MIGRATED).problems().warnings());

        assertThat(warnings)
                .anySatisfy(w -> assertThat(w).contains("'sise'").contains(":pools: > centos").contains("'3'")
                        .contains("did you mean 'size'"))
                .anySatisfy(w -> assertThat(w).contains("'task_limt'").contains("did you mean 'task_limit'"))
                .anySatisfy(w -> assertThat(w).contains(":provders:").contains("did you mean ':providers:'"));
    }

    @Test
    void aKeyFarFromEveryKnownKeyGetsNoGuess() {
        List<String> warnings = messages(check(LoaderFixture.MINIMAL + """
                :config:
                  colour_scheme: dark
                """).problems().warnings());

        assertThat(warnings).singleElement().asString().contains("'colour_scheme'").doesNotContain("did you mean");
    }

    @Test
    void loadThrowsOneExceptionCarryingEveryError() {
        assertThatThrownBy(() -> new LoaderFixture(dir).config(MIGRATED).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("9 errors in the configuration:")
                .hasMessageContaining(":config: > domain").hasMessageContaining(":pools: > centos > template");
    }

    @Test
    void environmentMistakesJoinTheSameReport() {
        ConfigCheck check = new ConfigLoader().check(new LoaderFixture(dir).config(LoaderFixture.MINIMAL)
                .env("PORT", "4x").env("REDIS_PORT", "1").env("TASK_LIMIT", "-").env, dir);

        assertThat(messages(check.problems().errors())).singleElement().asString().contains("PORT");
        assertThat(messages(check.problems().warnings())).anySatisfy(w -> assertThat(w).contains("REDIS_PORT"))
                .anySatisfy(w -> assertThat(w).contains("TASK_LIMIT").contains("no number"));
    }
}

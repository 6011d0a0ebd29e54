package org.vmpooler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class YamlDocumentReaderTest {

    @Test
    void symbolAndPlainKeysAreTheSameKeyAtEveryLevelWhileSymbolValuesStayRecognisable() {
        Map<String, Object> doc = YamlDocumentReader.read("""
                :auth:
                  provider: ldap
                  :ldap:
                    encryption:
                      :method: :simple_tls
                pools:
                  - :name: a
                    size: 1
                """, "test.yaml");

        assertThat(doc).containsOnlyKeys("auth", "pools");
        assertThat(doc.get("auth")).isEqualTo(Map.of("provider", "ldap",
                "ldap", Map.of("encryption", Map.of("method", ":simple_tls"))));
        assertThat(doc.get("pools")).isEqualTo(List.of(Map.of("name", "a", "size", 1)));
    }

    @Test
    void theSameKeyInBothSpellingsIsAnError() {
        assertThatThrownBy(() -> YamlDocumentReader.read("""
                :config:
                  task_limit: 1
                  :task_limit: 2
                """, "test.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'task_limit' is given twice under :config: of test.yaml");
    }

    @Test
    void aKeyRepeatedInTheSameSpellingIsAnErrorRatherThanALostValue() {
        assertThatThrownBy(() -> YamlDocumentReader.read(":pools: []\n:pools: []\n", "twice.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("twice.yaml")
                .hasMessageContaining("duplicate key");
    }

    @Test
    void anEmptyDocumentIsAnEmptyConfiguration() {
        assertThat(YamlDocumentReader.read("# nothing\n", "empty.yaml")).isEmpty();
    }

    @Test
    void aDocumentThatIsNotAMapIsRejected() {
        assertThatThrownBy(() -> YamlDocumentReader.read("- a\n- b\n", "list.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("list.yaml must be a YAML map");
    }

    @Test
    void malformedYamlNamesTheSource() {
        assertThatThrownBy(() -> YamlDocumentReader.read(":config:\n  a: [1, 2\n", "broken.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot parse the YAML of broken.yaml");
    }
}

package org.vmpooler.cli.command;


import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** The two output forms: pretty JSON for scripts, indented YAML-like text for people. */
final class Output {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    static String json(JsonNode value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serializes", e);
        }
    }

    static String text(JsonNode value) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        JsonNode shown = value;
        if (value.isObject() && value.has("ok")) {
            // Success is said by the exit code; people need not read "ok: true" above the answer.
            shown = value.deepCopy();
            ((ObjectNode) shown).remove("ok");
        }
        Object plain = MAPPER.convertValue(shown, Object.class);
        return new Yaml(options).dump(plain);
    }
}

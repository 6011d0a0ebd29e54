package org.vmpooler.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RubyJsonTest {

    @Test
    void rendersLikeRubyPrettyGenerate() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", true);
        body.put("empty", Map.of());
        body.put("none", List.of());
        body.put("list", List.of("a", 1.5));
        body.put("nested", Map.of("n", 0));

        assertThat(RubyJson.write(body)).isEqualTo("""
                {
                  "ok": true,
                  "empty": {},
                  "none": [],
                  "list": [
                    "a",
                    1.5
                  ],
                  "nested": {
                    "n": 0
                  }
                }""");
    }

    @Test
    void bodyLimitsFollowTheReferenceSanitiser() {
        assertThat(JsonBody.parse("  ").size()).isZero();
        assertThat(JsonBody.parse("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}").size()).isEqualTo(1);
        assertThatThrownBy(() -> JsonBody.parse("{\"a\":[[[[[]]]]]}"))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.body()).containsEntry("error",
                        "Request body too complex"));
        assertThatThrownBy(() -> JsonBody.parse("[".repeat(3000)))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> JsonBody.parse("{} trailing"))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat((String) e.body().get("error"))
                        .startsWith("Invalid JSON: "));
        assertThatThrownBy(() -> JsonBody.parse("null"))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.body()).containsEntry("error",
                        "Request body must be a JSON object"));
    }
}

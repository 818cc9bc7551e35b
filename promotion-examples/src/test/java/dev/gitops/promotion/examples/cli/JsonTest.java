package dev.gitops.promotion.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI's JSON: ordered keys, two-space indents, empty containers inline, strings escaped. */
class JsonTest {
  @Test
  void writesTheShapeTheCliHasAlwaysPrinted() {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("app", "api-service");
    record.put("digest", null);
    record.put("approvals", List.of());
    record.put("labels", Map.of());
    record.put("reviewers", List.of("bob", "carol"));
    record.put("count", 2);
    record.put("pinned", true);
    record.put("note", "say \"hi\"\\\n\tnow\u0001");
    assertThat(Json.write(Arrays.asList(record, Map.of())))
        .isEqualTo(
            "[\n"
                + "  {\n"
                + "    \"app\": \"api-service\",\n"
                + "    \"digest\": null,\n"
                + "    \"approvals\": [],\n"
                + "    \"labels\": {},\n"
                + "    \"reviewers\": [\n"
                + "      \"bob\",\n"
                + "      \"carol\"\n"
                + "    ],\n"
                + "    \"count\": 2,\n"
                + "    \"pinned\": true,\n"
                + "    \"note\": \"say \\\"hi\\\"\\\\\\n\\tnow\\u0001\"\n"
                + "  },\n"
                + "  {}\n"
                + "]");
    assertThat(Json.write(List.of())).isEqualTo("[]");
  }
}

package dev.gitops.promotion.examples.cli;

import static dev.gitops.promotion.examples.cli.CliRepo.hex;
import static dev.gitops.promotion.examples.cli.CliRepo.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitops.promotion.CommitMessage;
import dev.gitops.promotion.examples.cli.CliRepo.Run;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status, history and rollback on a real repository; JSON parsed back. */
class LedgerCommandsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static Clock at(String time) {
    return Clock.fixed(Instant.parse(time), ZoneOffset.UTC);
  }

  private void promoteDev(String digestHex, String time) {
    Run r =
        run(
            new PromoteCommand(at(time)),
            "--repo",
            dir.toString(),
            "--app",
            "api-service",
            "--to",
            "dev",
            "--digest",
            "sha256:" + digestHex,
            "--as",
            "CI Bot <ci-bot@myorg.com>",
            "--bot");
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @Test
  void statusAsTableAndJson() throws Exception {
    try (CliRepo repo = CliRepo.seed(dir)) {
      promoteDev(hex('b'), "2026-11-01T09:00:00Z");
      Run table = run(new StatusCommand(), "--repo", dir.toString());
      assertThat(table.exit()).as(table.err()).isZero();
      List<String> lines = table.out().lines().toList();
      assertThat(lines.get(0))
          .startsWith("APP")
          .contains("ENVIRONMENT", "IMAGE", "DIGEST", "COMMIT", "AUTHOR", "TIME");
      assertThat(lines).hasSize(7);
      assertThat(lines.get(1))
          .matches(
              "api-service +dev +ghcr.io/myorg/api-service +sha256:bbbbbbbbbbbb +[0-9a-f]{7} +CI Bot <ci-bot@myorg.com> +\\(same\\) +verified \\(author\\)"
                  + " +2026-11-01T09:00:00Z");
      assertThat(lines.get(2))
          .startsWith("api-service  staging")
          .contains(
              "sha256:aaaaaaaaaaaa", "Platform Team <platform@myorg.com>", "2026-10-01T08:00:00Z");
      assertThat(lines.get(4)).startsWith("payments     dev");

      Run json = run(new StatusCommand(), "--repo", dir.toString(), "--format", "json");
      assertThat(json.exit()).isZero();
      JsonNode array = JSON.readTree(json.out());
      assertThat(array.isArray()).isTrue();
      assertThat(array).hasSize(6);
      JsonNode dev = array.get(0);
      assertThat(dev.get("app").asText()).isEqualTo("api-service");
      assertThat(dev.get("environment").asText()).isEqualTo("dev");
      assertThat(dev.get("image").asText()).isEqualTo(CliRepo.IMAGE + "@sha256:" + hex('b'));
      assertThat(dev.get("digest").asText()).isEqualTo("sha256:" + hex('b'));
      assertThat(dev.get("tag").isNull()).isTrue();
      assertThat(dev.get("commit").asText()).isEqualTo(repo.head());
      assertThat(dev.get("author").asText()).isEqualTo("CI Bot <ci-bot@myorg.com>");
      assertThat(Instant.parse(dev.get("time").asText()))
          .isEqualTo(Instant.parse("2026-11-01T09:00:00Z"));
      assertThat(dev.get("promotionId").asText()).startsWith("prm-");
      assertThat(dev.get("approvals").isArray()).isTrue();
      List<String> pairs = new ArrayList<>();
      array.forEach(n -> pairs.add(n.get("app").asText() + "/" + n.get("environment").asText()));
      assertThat(pairs)
          .containsExactly(
              "api-service/dev",
              "api-service/staging",
              "api-service/production",
              "payments/dev",
              "payments/staging",
              "payments/production");
    }
  }

  @Test
  void statusJsonCarriesUnreadablePairsAndLeftOutApplicationsAfterTheRecords() throws Exception {
    try (CliRepo repo = CliRepo.seed(dir)) {
      repo.write(
          "apps/api-service/overlays/dev/kustomization.yaml", "images:\n  - name: [unclosed\n");
      repo.write(
          "apps/Evil App/overlays/dev/kustomization.yaml",
          "images:\n  - name: ghcr.io/myorg/evil\n    digest: sha256:" + hex('a') + "\n");
      repo.commit("broken", Instant.parse("2026-10-02T08:00:00Z"));
      Run json = run(new StatusCommand(), "--repo", dir.toString(), "--format", "json");
      assertThat(json.exit()).as(json.err()).isEqualTo(2);
      // standard error still names both, as before
      assertThat(json.err())
          .contains(
              "unreadable: api-service in dev: apps/api-service/overlays/dev/kustomization.yaml")
          .contains("unreadable: application 'Evil App' left out");
      JsonNode array = JSON.readTree(json.out());
      assertThat(array.isArray()).isTrue();
      assertThat(array).hasSize(7); // five readable records, then the two problems
      for (int i = 0; i < 5; i++) {
        assertThat(array.get(i).get("digest").asText()).startsWith("sha256:");
        assertThat(array.get(i).has("problem")).isTrue();
        assertThat(array.get(i).get("problem").isNull()).isTrue();
      }
      JsonNode left = array.get(5);
      assertThat(left.get("app").asText()).isEqualTo("Evil App");
      assertThat(left.get("environment").isNull()).isTrue();
      assertThat(left.get("problem").asText())
          .startsWith("application 'Evil App' left out: folder name 'Evil App'");
      JsonNode pair = array.get(6);
      assertThat(pair.get("app").asText()).isEqualTo("api-service");
      assertThat(pair.get("environment").asText()).isEqualTo("dev");
      assertThat(pair.get("problem").asText())
          .startsWith("apps/api-service/overlays/dev/kustomization.yaml:");
      for (JsonNode problem : List.of(left, pair)) {
        // the same fields as a record, with no digest or commit to mistake for one
        assertThat(fieldNames(problem)).isEqualTo(fieldNames(array.get(0)));
        assertThat(problem.get("digest").isNull()).isTrue();
        assertThat(problem.get("commit").isNull()).isTrue();
        assertThat(problem.get("approvals").isEmpty()).isTrue();
      }
    }
  }

  /** The field names of a JSON object, in order. */
  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void historyNewestFirstAndRollback() throws Exception {
    try (CliRepo repo = CliRepo.seed(dir)) {
      promoteDev(hex('b'), "2026-11-01T09:00:00Z");
      promoteDev(hex('c'), "2026-11-01T10:00:00Z");
      Run table =
          run(
              new HistoryCommand(),
              "--repo",
              dir.toString(),
              "--app",
              "api-service",
              "--env",
              "dev");
      assertThat(table.exit()).as(table.err()).isZero();
      List<String> lines = table.out().lines().toList();
      assertThat(lines).hasSize(4);
      assertThat(lines.get(1)).contains("2026-11-01T10:00:00Z", "sha256:cccccccccccc", "CI Bot");
      assertThat(lines.get(2)).contains("2026-11-01T09:00:00Z", "sha256:bbbbbbbbbbbb");
      assertThat(lines.get(3))
          .contains("2026-10-01T08:00:00Z", "sha256:aaaaaaaaaaaa", "Platform Team");

      JsonNode json =
          JSON.readTree(
              run(
                      new HistoryCommand(),
                      "--repo",
                      dir.toString(),
                      "--app",
                      "api-service",
                      "--env",
                      "dev",
                      "--format",
                      "json",
                      "--limit",
                      "2")
                  .out());
      assertThat(json).hasSize(2);
      assertThat(json.get(0).get("digest").asText()).isEqualTo("sha256:" + hex('c'));

      Run back =
          run(
              new RollbackCommand(at("2026-11-01T11:00:00Z")),
              "--repo",
              dir.toString(),
              "--app",
              "api-service",
              "--env",
              "dev",
              "--reason",
              "5xx after deploy");
      assertThat(back.exit()).as(back.err()).isZero();
      assertThat(back.out()).contains("chore(dev): roll back api-service to sha256:bbbbbbbbbbbb");
      assertThat(repo.read("apps/api-service/overlays/dev/kustomization.yaml")).contains(hex('b'));
      assertThat(repo.isClean()).isTrue();
      RevCommit top = repo.top();
      CommitMessage m = CommitMessage.parse(top.getFullMessage());
      assertThat(m.trailer("Rollback-Of")).isPresent();
      assertThat(m.body()).contains("5xx after deploy");
      assertThat(top.getAuthorIdent().getName()).isEqualTo("Ada Lovelace");

      Run stagingBack =
          run(
              new RollbackCommand(),
              "--repo",
              dir.toString(),
              "--app",
              "api-service",
              "--env",
              "staging");
      assertThat(stagingBack.exit()).isEqualTo(2);
      assertThat(stagingBack.err()).contains("nothing earlier to return to");

      Run unknown =
          run(new HistoryCommand(), "--repo", dir.toString(), "--app", "nope", "--env", "dev");
      assertThat(unknown.exit()).isEqualTo(2);
      assertThat(unknown.err()).contains("unknown application 'nope'");
    }
  }

  @Test
  void rollbackWithNothingEarlierIsRefused() {
    try (CliRepo repo = CliRepo.seed(dir)) {
      String before = repo.head();
      Run r =
          run(new RollbackCommand(), "--repo", dir.toString(), "--app", "payments", "--env", "dev");
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err()).contains("nothing earlier to return to");
      assertThat(repo.head()).isEqualTo(before);
    }
  }

  @Test
  void errorsInThePipelineFileNameLineAndColumn() {
    try (CliRepo repo = CliRepo.seed(dir)) {
      repo.write("promotion.yaml", "environments:\n  - name: dev\n    delivry: direct\n")
          .commit("typo", Instant.parse("2026-10-02T08:00:00Z"));
      Run r = run(new StatusCommand(), "--repo", dir.toString());
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err())
          .startsWith("error: promotion.yaml:3:5: unknown key 'delivry'")
          .contains("did you mean 'delivery'?");
    }
  }
}

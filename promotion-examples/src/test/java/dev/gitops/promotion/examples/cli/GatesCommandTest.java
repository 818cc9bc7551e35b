package dev.gitops.promotion.examples.cli;

import static dev.gitops.promotion.examples.cli.CliRepo.hex;
import static dev.gitops.promotion.examples.cli.CliRepo.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitops.promotion.examples.cli.CliRepo.Run;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gates command, and promote into a direct-commit environment that declares gates. */
class GatesCommandTest {
  static final String PIPELINE =
      """
      environments:
        - name: dev
          delivery: direct
        - name: staging
          delivery: direct
          gates:
            - {name: freeze-window, from: "2026-11-06T15:00:00Z", until: "2026-11-09T08:00:00Z", reason: weekend, overrideApprovers: [ada@myorg.com]}
            - pinning
        - name: production
          delivery: direct
          gates:
            - {name: required-checks, checks: [smoke-tests]}
      applications:
        - name: api-service
          image: ghcr.io/myorg/api-service
        - name: payments
          image: ghcr.io/myorg/payments
      """;

  static final Instant FRIDAY_EVENING = Instant.parse("2026-11-06T18:00:00Z");
  static final Instant MONDAY = Instant.parse("2026-11-09T09:00:00Z");

  @TempDir Path dir;

  static Clock at(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }

  private Run promote(Instant when, String env) {
    return run(
        new PromoteCommand(at(when)),
        "--repo",
        dir.toString(),
        "--app",
        "api-service",
        "--to",
        env,
        "--digest",
        "sha256:" + hex('b'));
  }

  private CliRepo seed() {
    CliRepo repo = CliRepo.seed(dir);
    repo.write("promotion.yaml", PIPELINE)
        .commit("pipeline", Instant.parse("2026-10-01T09:00:00Z"));
    return repo;
  }

  @Test
  void aFreezeMakesPromoteWaitWithExit4AndWritesNothingThenItLands() throws Exception {
    try (CliRepo repo = seed()) {
      assertThat(promote(FRIDAY_EVENING, "dev").exit()).isZero();
      String head = repo.git.getRepository().resolve("main").name();
      Run waiting = promote(FRIDAY_EVENING, "staging");
      assertThat(waiting.exit()).as(waiting.err() + waiting.out()).isEqualTo(4);
      assertThat(waiting.out())
          .contains("waiting until 2026-11-09T08:00:00Z")
          .contains("freeze-window: change freeze 'weekend' until Mon 2026-11-09 08:00 UTC");
      assertThat(repo.git.getRepository().resolve("main").name()).isEqualTo(head);

      Run table =
          run(
              new GatesCommand(at(FRIDAY_EVENING)),
              "--repo",
              dir.toString(),
              "--app",
              "api-service",
              "--env",
              "staging");
      assertThat(table.exit()).as(table.err()).isEqualTo(4);
      assertThat(table.out())
          .contains("into staging: WAIT until 2026-11-09T08:00:00Z")
          .containsPattern("freeze-window\\s+WAIT\\s+in 62h \\(2026-11-09T08:00:00Z\\)")
          .containsPattern("pinning\\s+PASS")
          .containsPattern("provenance \\(plan\\)\\s+PASS");

      Run landed = promote(MONDAY, "staging");
      assertThat(landed.exit()).as(landed.err() + landed.out()).isZero();
      String message = repo.top().getFullMessage();
      assertThat(message)
          .contains("Gate: freeze-window: PASS outside change freeze 'weekend'")
          .contains("Gate: pinning: PASS every image is pinned by digest");
    }
  }

  @Test
  void anOverrideByAnApproverTheGateNamesLandsAndIsRecorded() throws Exception {
    try (CliRepo repo = seed()) {
      assertThat(promote(FRIDAY_EVENING, "dev").exit()).isZero();
      String[] args = {
        "--repo",
        dir.toString(),
        "--app",
        "api-service",
        "--to",
        "staging",
        "--digest",
        "sha256:" + hex('b'),
        "--override",
        "freeze-window"
      };
      Run noReason = run(new PromoteCommand(at(FRIDAY_EVENING)), args);
      assertThat(noReason.exit()).isEqualTo(2);
      assertThat(noReason.err()).contains("--override needs --reason");
      String[] withReason = java.util.Arrays.copyOf(args, args.length + 2);
      withReason[args.length] = "--reason";
      withReason[args.length + 1] = "INC-4711 hotfix";
      String[] someoneElse = withReason.clone();
      someoneElse[args.length - 1] = "freeze-window=lead@myorg.com";
      Run notTheirs = run(new PromoteCommand(at(FRIDAY_EVENING)), someoneElse);
      assertThat(notTheirs.exit()).isEqualTo(4);
      assertThat(notTheirs.out()).contains("only ada@myorg.com may");
      Run landed = run(new PromoteCommand(at(FRIDAY_EVENING)), withReason);
      assertThat(landed.exit()).as(landed.err() + landed.out()).isZero();
      String message = repo.top().getFullMessage();
      assertThat(message)
          .contains("Gate-Override: freeze-window by ada@myorg.com: INC-4711 hotfix")
          .contains("Gate: freeze-window: PASS overridden by ada@myorg.com: INC-4711 hotfix");
    }
  }

  @Test
  void aFailingGateRefusesPromoteWithExit3() throws Exception {
    try (CliRepo repo = seed()) {
      assertThat(promote(MONDAY, "dev").exit()).isZero();
      assertThat(promote(MONDAY, "staging").exit()).isZero();
      String head = repo.git.getRepository().resolve("main").name();
      Run refused = promote(MONDAY, "production");
      assertThat(refused.exit()).isEqualTo(3);
      assertThat(refused.err())
          .contains("refused by a gate")
          .contains("status checks smoke-tests are read from a change request");
      assertThat(repo.git.getRepository().resolve("main").name()).isEqualTo(head);
    }
  }

  @Test
  void jsonAndAnExplicitDigest() throws Exception {
    try (CliRepo repo = seed()) {
      assertThat(promote(FRIDAY_EVENING, "dev").exit()).isZero();
      Run json =
          run(
              new GatesCommand(at(FRIDAY_EVENING)),
              "--repo",
              dir.toString(),
              "--app",
              "api-service",
              "--env",
              "staging",
              "--digest",
              "sha256:" + hex('c'),
              "--format",
              "json");
      assertThat(json.exit()).as(json.err()).isEqualTo(3); // not what dev runs: provenance
      JsonNode root = new ObjectMapper().readTree(json.out());
      assertThat(root.get("verdict").asText()).isEqualTo("FAIL");
      assertThat(root.get("gates").get(0).get("gate").asText()).isEqualTo("provenance");
      Run help = run(new GatesCommand(), "--help");
      assertThat(help.out()).contains("Examples:").contains("--digest").contains("--id");
      Run both =
          run(
              new GatesCommand(),
              "--repo",
              dir.toString(),
              "--app",
              "api-service",
              "--env",
              "staging",
              "--digest",
              "sha256:" + hex('c'),
              "--id",
              "prm-1");
      assertThat(both.exit()).isEqualTo(2);
    }
  }
}

package dev.gitops.promotion.git.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.AccessPolicy;
import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.Gate;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineFileTest {

  static final String FULL =
      """
      version: 1
      environments:
        - name: dev
          delivery: direct
        - name: staging
          delivery: change-request
          gates: [{name: required-checks, checks: [smoke-tests, image-scan]}]
        - name: prod-eu
          requireDigest: true
          provenance: current-or-past
          gates:
            - name: approvals
              count: 2
              codeOwners: true
            - {name: soak, duration: 1h30m}
            - upstream-healthy
            - {name: change-window, days: [mon, tue, wed, thu], hours: "09:00-16:00", zone: Europe/Berlin}
            - {name: freeze-window, from: "2026-12-20T00:00:00Z", until: "2027-01-04T00:00:00+01:00", reason: holidays}
        - name: prod-us
          branch: release
          production: true
      edges: [[dev, staging], "staging -> prod-eu", [staging, prod-us]]
      applications:
        - name: payments
          image: ghcr.io/myorg/payments
          environments: [dev, staging, prod-eu]
        - name: api-service
          image: ghcr.io/myorg/api-service
          dependsOn: [payments]
          locations:
            prod-eu: {path: clusters/eu/api/kustomization.yaml, format: kustomize}
            prod-us:
              path: charts/api/values-us.yaml
              format: helm
              options: {imageKey: image}
            staging: apps/api-service/staging.yaml
      access:
        bots: [ci-bot@myorg.com, "*[bot]@users.noreply.github.com"]
        botEnvironments: [dev, staging]
        promoters:
          prod-us: ["*@myorg.com"]
      """;

  @Test
  void parsesEveryPartOfTheFullExample() {
    PromotionConfig c = PipelineFile.parse("promotion.yaml", FULL);
    Pipeline p = c.pipelineWithoutGates();
    assertThat(p.environments())
        .extracting(Environment::name)
        .containsExactly("dev", "staging", "prod-eu", "prod-us");
    assertThat(p.entry().name()).isEqualTo("dev");
    assertThat(p.downstreams("staging"))
        .extracting(Environment::name)
        .containsExactly("prod-eu", "prod-us");
    assertThat(p.environment("dev").delivery()).isEqualTo(Delivery.DIRECT_COMMIT);
    assertThat(p.environment("staging").delivery()).isEqualTo(Delivery.CHANGE_REQUEST);
    assertThat(p.environment("prod-eu").delivery()).isEqualTo(Delivery.CHANGE_REQUEST);
    assertThat(p.environment("prod-eu").provenance())
        .isEqualTo(Environment.Provenance.CURRENT_OR_PAST);
    assertThat(p.environment("prod-eu").production()).isTrue();
    assertThat(p.environment("prod-us").branch()).isEqualTo("release");
    assertThat(p.environment("dev").branch()).isEqualTo("main");

    assertThat(c.gates("dev")).isEmpty();
    assertThat(c.gates("staging"))
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.name()).isEqualTo("required-checks");
              assertThat(g.strings("checks")).containsExactly("smoke-tests", "image-scan");
              assertThat(g.location()).isEqualTo("promotion.yaml:7:13");
            });
    List<GateSpec> prod = c.gates("prod-eu");
    assertThat(prod)
        .extracting(GateSpec::name)
        .containsExactly("approvals", "soak", "upstream-healthy", "change-window", "freeze-window");
    assertThat(prod.get(0).integer("count")).contains(2L);
    assertThat(prod.get(0).bool("codeOwners")).contains(true);
    assertThat(prod.get(1).duration("duration")).contains(Duration.ofMinutes(90));
    assertThat(prod.get(2).parameters()).isEmpty();
    assertThat(prod.get(3).strings("days")).containsExactly("mon", "tue", "wed", "thu");
    assertThat(prod.get(3).string("hours")).contains("09:00-16:00");
    assertThat(prod.get(3).string("zone")).contains("Europe/Berlin");
    assertThat(prod.get(4).parameters().get("until"))
        .isEqualTo(Instant.parse("2027-01-03T23:00:00Z"));

    Application api = c.application("api-service").orElseThrow();
    assertThat(api.imageRepository()).isEqualTo("ghcr.io/myorg/api-service");
    assertThat(api.dependsOn()).containsExactly("payments");
    assertThat(api.locations()).containsOnlyKeys("dev", "staging", "prod-eu", "prod-us");
    assertThat(api.location("dev")).contains(OverlayLocation.seedLayout("api-service", "dev"));
    assertThat(api.location("staging"))
        .contains(OverlayLocation.of("apps/api-service/staging.yaml", "kustomize"));
    assertThat(api.location("prod-us"))
        .contains(
            new OverlayLocation("charts/api/values-us.yaml", "helm", Map.of("imageKey", "image")));
    Application payments = c.application("payments").orElseThrow();
    assertThat(payments.locations()).containsOnlyKeys("dev", "staging", "prod-eu");

    assertThat(c.access().isBot("CI-Bot@MyOrg.com")).isTrue();
    assertThat(c.access().isBot("renovate[bot]@users.noreply.github.com")).isTrue();
    assertThat(c.access().isBot("ada@myorg.com")).isFalse();
    assertThat(c.source()).isEqualTo("promotion.yaml");
  }

  @Test
  void accessSectionTightensTheSeedPolicy() {
    PromotionConfig c = PipelineFile.parse("promotion.yaml", FULL);
    AccessPolicy policy = c.accessPolicy();
    Pipeline p = c.pipelineWithoutGates();
    Actor claimsHuman = Actor.human("CI Bot", "ci-bot@myorg.com");
    Actor ada = Actor.human("Ada", "ada@myorg.com");
    Actor eve = Actor.human("Eve", "eve@elsewhere.org");

    assertThat(policy.decide(claimsHuman, p.environment("dev"), Delivery.DIRECT_COMMIT).allowed())
        .isTrue();
    // listed as a bot: refused on production even though it claims to be a person
    AccessPolicy.Decision prodByBot =
        policy.decide(claimsHuman, p.environment("prod-eu"), Delivery.CHANGE_REQUEST);
    assertThat(prodByBot.allowed()).isFalse();
    assertThat(prodByBot.reason()).contains("bot CI Bot <ci-bot@myorg.com>");
    // staging is in botEnvironments; a bot opening a change request there is fine
    assertThat(
            policy
                .decide(
                    Actor.bot("CI", "ci@x.org"), p.environment("staging"), Delivery.CHANGE_REQUEST)
                .allowed())
        .isTrue();
    // prod-us is production by flag, and only *@myorg.com may promote into it
    assertThat(policy.decide(ada, p.environment("prod-us"), Delivery.CHANGE_REQUEST).allowed())
        .isTrue();
    AccessPolicy.Decision eveDecision =
        policy.decide(eve, p.environment("prod-us"), Delivery.CHANGE_REQUEST);
    assertThat(eveDecision.allowed()).isFalse();
    assertThat(eveDecision.reason()).contains("access.promoters").contains("*@myorg.com");
    assertThat(policy.decide(eve, p.environment("prod-eu"), Delivery.CHANGE_REQUEST).allowed())
        .isTrue();
  }

  @Test
  void botEnvironmentsKeepBotsOutOfTheRest() {
    PromotionConfig c =
        PipelineFile.parse(
            "promotion.yaml",
            "environments: [dev, staging, production]\naccess: {botEnvironments: [dev]}\n");
    AccessPolicy.Decision d =
        c.accessPolicy()
            .decide(
                Actor.bot("CI Bot", "ci-bot@myorg.com"),
                c.pipelineWithoutGates().environment("staging"),
                Delivery.CHANGE_REQUEST);
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).contains("may deliver only to [dev]");
  }

  @Test
  void theShortestFileIsAChainWhoseEntryTakesDirectCommits() {
    PromotionConfig c =
        PipelineFile.parse("promotion.yaml", "environments: [dev, staging, production]\n");
    assertThat(c.pipelineWithoutGates().environments())
        .extracting(Environment::name, Environment::delivery, Environment::branch)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dev", Delivery.DIRECT_COMMIT, "main"),
            org.assertj.core.groups.Tuple.tuple("staging", Delivery.CHANGE_REQUEST, "main"),
            org.assertj.core.groups.Tuple.tuple("production", Delivery.CHANGE_REQUEST, "main"));
    assertThat(c.applications()).isEmpty();
    assertThat(c.layout()).isEqualTo(EnvironmentLayout.FOLDERS);
  }

  @Test
  void branchesLayoutPutsEveryEnvironmentOnItsOwnBranch() {
    PromotionConfig c =
        PipelineFile.parse(
            "promotion.yaml",
            """
            layout:
              environments: branches
              path: apps/{app}/kustomization.yaml
            environments:
              - dev
              - staging
              - {name: production, branch: prod}
            applications:
              - {name: api, image: ghcr.io/myorg/api}
            """);
    assertThat(c.layout()).isEqualTo(EnvironmentLayout.BRANCHES);
    assertThat(c.pipelineWithoutGates().environments())
        .extracting(Environment::branch)
        .containsExactly("env/dev", "env/staging", "prod");
    assertThat(c.application("api").orElseThrow().location("staging"))
        .contains(OverlayLocation.of("apps/api/kustomization.yaml", "kustomize"));
  }

  @Test
  void gateFactoryTurnsSpecsIntoGatesKeepingTheGraph() {
    PromotionConfig c = PipelineFile.parse("promotion.yaml", FULL);
    Pipeline withGates =
        c.pipeline((env, spec) -> Gate.named(env + "/" + spec.name(), ctx -> Verdict.pass("fine")));
    assertThat(withGates.environment("prod-eu").gates())
        .extracting(Gate::name)
        .containsExactly(
            "prod-eu/approvals",
            "prod-eu/soak",
            "prod-eu/upstream-healthy",
            "prod-eu/change-window",
            "prod-eu/freeze-window");
    assertThat(withGates.environment("dev").gates()).isEmpty();
    assertThat(withGates.toString()).isEqualTo(c.pipelineWithoutGates().toString());
    assertThat(withGates.environment("prod-us").branch()).isEqualTo("release");
  }

  @Test
  void errorsCarryTheLocationAsAnAttributeToo() {
    assertThatThrownBy(() -> PipelineFile.parse("conf/promotion.yaml", "environments: {}\n"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.location()).contains("conf/promotion.yaml:1:15");
              assertThat(e.getMessage())
                  .startsWith("conf/promotion.yaml:1:15: 'environments' is a mapping; expected");
            });
  }
}

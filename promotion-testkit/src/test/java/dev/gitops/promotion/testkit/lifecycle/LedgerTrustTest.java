package dev.gitops.promotion.testkit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Application;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.OverlayLocation;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.PromotionRecord.Evidence;
import dev.gitops.promotion.PromotionRecord.Trust;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.testkit.FakeChangeRequestHost;
import dev.gitops.promotion.testkit.InMemoryConfigRepository;
import dev.gitops.promotion.testkit.ManualClock;
import dev.gitops.promotion.testkit.SimpleImageFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Merges are confirmed with the host only for records shown to a caller, and a listing asks about a
 * bounded number of change requests: a status of many applications must not cost one host lookup
 * per record, and planning never asks at all.
 */
class LedgerTrustTest {
  static final int APPS = 104; // more than one listing may ask about
  static final Actor ADA = Actor.human("Ada Lovelace", "ada@example.com");
  static final ImageDigest D1 = ImageDigest.parse("sha256:" + "1".repeat(64));

  final ManualClock clock = ManualClock.at(Instant.parse("2026-11-02T09:00:00Z"));
  final InMemoryConfigRepository repository = InMemoryConfigRepository.create();
  final FakeChangeRequestHost host = FakeChangeRequestHost.over(repository, clock);
  final Pipeline pipeline =
      Pipeline.chain(
          Environment.of("dev", Delivery.DIRECT_COMMIT),
          Environment.of("staging", Delivery.CHANGE_REQUEST),
          Environment.of("production", Delivery.CHANGE_REQUEST));
  final List<Application> apps = new ArrayList<>();

  LedgerTrustTest() {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < APPS; i++) {
      String name = String.format("app%03d", i);
      Application.Builder b = Application.builder().name(name).imageRepository(repo(name));
      for (String env : List.of("dev", "staging", "production")) {
        OverlayLocation loc =
            OverlayLocation.of("apps/" + name + "/" + env + "/images.txt", SimpleImageFormat.ID);
        b.putLocations(env, loc);
        files.put(loc.path(), "# " + env + "\n");
      }
      apps.add(b.build());
    }
    repository.init("main", files, clock.instant());
  }

  static String repo(String app) {
    return "ghcr.io/myorg/" + app;
  }

  // a promoter in its own process: nothing remembered from another
  Promoter process() {
    return Promoter.builder()
        .pipeline(pipeline)
        .addApplications(apps)
        .configRepository(repository)
        .changeRequestHost(host)
        .addOverlayFormats(SimpleImageFormat.create())
        .clock(clock)
        .build();
  }

  @Test
  void aListingAsksTheHostAboutAtMostAHundredChangeRequestsAndPlanningNever() {
    Promoter promoter = process();
    for (Application app : apps) {
      ImageReference image = ImageReference.parse(repo(app.name())).withDigest(D1);
      promoter.promote(PromotionRequest.of(app.name(), image, "dev", ADA));
      PromotionResult opened =
          promoter.promote(PromotionRequest.of(app.name(), image, "staging", ADA));
      host.approve(opened.changeRequest().orElseThrow().id(), "grace");
      assertThat(promoter.advance(opened.plan()).outcome())
          .isEqualTo(PromotionResult.Outcome.MERGED);
    }

    Promoter fresh = process();
    int before = host.lookups();
    List<PromotionRecord> staging =
        fresh.state().stream().filter(r -> r.environment().equals("staging")).toList();
    assertThat(staging).hasSize(APPS);
    assertThat(host.lookups() - before).isEqualTo(100);
    assertThat(staging.stream().filter(r -> r.evidence() == Evidence.HOST_MERGE)).hasSize(100);
    List<PromotionRecord> unconfirmed =
        staging.stream().filter(r -> r.trust() == Trust.CLAIMED).toList();
    assertThat(unconfirmed)
        .hasSize(APPS - 100)
        .allSatisfy(
            r ->
                assertThat(r.trustReason())
                    .contains("not confirmed with the host")
                    .contains("already asked it about 100 change requests"));

    // the answers are remembered: the next listing asks only about the rest
    before = host.lookups();
    assertThat(fresh.state().stream().filter(r -> r.environment().equals("staging")))
        .allSatisfy(
            r -> assertThat(r.evidence()).as(r.trustReason()).isEqualTo(Evidence.HOST_MERGE));
    assertThat(host.lookups() - before).isEqualTo(APPS - 100);

    // one application's history asks about its own merges only
    Promoter other = process();
    before = host.lookups();
    assertThat(other.history("staging", "app007", 10))
        .singleElement()
        .satisfies(r -> assertThat(r.trust()).isEqualTo(Trust.VERIFIED));
    assertThat(host.lookups() - before).isEqualTo(1);

    // planning production reads staging's ledger (provenance) without asking the host
    Promoter planner = process();
    before = host.lookups();
    for (Application app : apps) {
      assertThat(
              planner
                  .plan(
                      PromotionRequest.of(
                          app.name(),
                          ImageReference.parse(repo(app.name())).withDigest(D1),
                          "production",
                          ADA))
                  .isEmpty())
          .isFalse();
    }
    assertThat(host.lookups()).isEqualTo(before);
  }
}

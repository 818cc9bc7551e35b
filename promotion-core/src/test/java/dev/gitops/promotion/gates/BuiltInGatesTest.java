package dev.gitops.promotion.gates;

import static dev.gitops.promotion.gates.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.GateContext;
import dev.gitops.promotion.GateOverride;
import dev.gitops.promotion.Gates;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.Verdict;
import dev.gitops.promotion.Verdict.Status;
import dev.gitops.promotion.codeowners.CodeOwners;
import dev.gitops.promotion.codeowners.Dialect;
import dev.gitops.promotion.codeowners.MembershipLookup;
import dev.gitops.promotion.schedule.Schedule;
import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.Review;
import dev.gitops.promotion.spi.SyncStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuiltInGatesTest {

  static GateContext withCr(dev.gitops.promotion.spi.ChangeRequest cr) {
    return context(NOW).changeRequest(cr).build();
  }

  @Nested
  class RequiredChecksGate {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "SUCCESS, PASS",
      "PENDING, WAIT",
      "FAILURE, FAIL",
      "NEUTRAL, PASS",
      "SKIPPED, PASS",
    })
    void eachStateOfTheCheck(Check.State state, Status expected) {
      Verdict v =
          RequiredChecks.of("smoke-tests")
              .evaluate(withCr(cr().addChecks(check("smoke-tests", state)).build()));
      assertThat(v.status()).isEqualTo(expected);
    }

    @Test
    void aFailureNamesTheCheckAndItsLink() {
      Verdict v =
          RequiredChecks.of("smoke-tests", "image-scan")
              .evaluate(
                  withCr(
                      cr().addChecks(
                              check("smoke-tests", Check.State.FAILURE),
                              check("image-scan", Check.State.SUCCESS))
                          .build()));
      assertThat(v.failed()).isTrue();
      assertThat(v.reasons())
          .containsExactly("smoke-tests failed (https://ci.invalid/smoke-tests)");
    }

    @Test
    void aMissingContextWaitsAndSaysOnWhichCommit() {
      Verdict v = RequiredChecks.of("smoke-tests").evaluate(withCr(cr().build()));
      assertThat(v.isWaiting()).isTrue();
      assertThat(v.retryAt()).isEmpty();
      assertThat(v.reasons()).containsExactly("smoke-tests has not reported on bbbbbbb");
    }

    @Test
    void neutralAndSkippedFailWhenNotAccepted() {
      var cr =
          cr().addChecks(check("lint", Check.State.NEUTRAL), check("e2e", Check.State.SKIPPED))
              .build();
      assertThat(
              RequiredChecks.of("lint", "e2e").allowNeutral(false).evaluate(withCr(cr)).reasons())
          .containsExactly(
              "lint finished neutral, which this gate does not accept (https://ci.invalid/lint)");
      assertThat(RequiredChecks.of("lint", "e2e").allowSkipped(false).evaluate(withCr(cr)).status())
          .isEqualTo(Status.FAIL);
      assertThat(RequiredChecks.of("lint", "e2e").evaluate(withCr(cr)).reasons())
          .containsExactly("passed: lint (neutral), e2e (skipped)");
    }

    @Test
    void theLatestReportOfACheckCounts() {
      var cr =
          cr().addChecks(check("ci", Check.State.FAILURE), check("ci", Check.State.SUCCESS))
              .build();
      assertThat(RequiredChecks.of("ci").evaluate(withCr(cr)).passed()).isTrue();
    }

    @Test
    void branchProtectionNamesTheChecks() {
      GateContext ctx =
          context(NOW)
              .changeRequest(cr().addChecks(check("build", Check.State.PENDING)).build())
              .protection(BranchProtection.builder().addRequiredChecks("build").build())
              .build();
      Verdict v = RequiredChecks.fromBranchProtection().evaluate(ctx);
      assertThat(v.reasons()).containsExactly("build is running (https://ci.invalid/build)");
      assertThat(RequiredChecks.fromBranchProtection().required(ctx)).containsExactly("build");
      assertThat(RequiredChecks.of("x").andBranchProtection().required(ctx))
          .containsExactly("x", "build");
    }

    @Test
    void withoutAChangeRequestItWaitsOrRefusesADirectCommit() {
      assertThat(RequiredChecks.of("ci").evaluate(context(NOW).build()).status())
          .isEqualTo(Status.WAIT);
      Verdict direct =
          RequiredChecks.of("ci").evaluate(context(NOW, Delivery.DIRECT_COMMIT, List.of()).build());
      assertThat(direct.failed()).isTrue();
      assertThat(direct.reasons().get(0)).contains("takes direct commits");
    }
  }

  @Nested
  class ApprovalsGate {
    @Test
    void countsDistinctApproversOtherThanAuthorsAndBots() {
      var cr =
          cr().addReviews(
                  approve("bob"),
                  approve("promotion-bot"), // opened the change request
                  approve("ada"), // the promoted commit's author (email's local part)
                  approve("renovate[bot]"),
                  approve("carol"))
              .build();
      Verdict v = Approvals.of(2).evaluate(withCr(cr));
      assertThat(v.passed()).isTrue();
      assertThat(v.reasons().get(0))
          .startsWith("2 of 2 approvals (bob, carol); none by the change's author")
          .contains("promotion-bot (opened the change request)")
          .contains("ada (authored the promoted commit)")
          .contains("renovate[bot] (a bot)");
    }

    @ParameterizedTest(name = "{0} approving alone does not count")
    @CsvSource({"promotion-bot", "ada", "Ada Lovelace", "ada@myorg.com", "dependabot[bot]"})
    void selfApprovalAndPromoterApprovalAndBots(String who) {
      Verdict v = Approvals.of(1).evaluate(withCr(cr().addReviews(approve(who)).build()));
      assertThat(v.isWaiting()).isTrue();
      assertThat(v.reasons().get(0))
          .startsWith("0 of 1 approvals")
          .contains("separation of duties");
    }

    @Test
    void staleApprovalsCountOnlyWithoutHeadOnly() {
      var cr = cr().addReviews(review("bob", Review.State.APPROVED, OLD_HEAD, 1)).build();
      assertThat(Approvals.of(1).evaluate(withCr(cr)).passed()).isTrue();
      Verdict headOnly = Approvals.of(1).headOnly(true).evaluate(withCr(cr));
      assertThat(headOnly.isWaiting()).isTrue();
      assertThat(headOnly.reasons().get(0)).contains("bob (approved ccccccc, not the head)");
      GateContext dismissing =
          context(NOW)
              .changeRequest(cr)
              .protection(BranchProtection.builder().dismissStaleReviews(true).build())
              .build();
      assertThat(Approvals.of(1).evaluate(dismissing).isWaiting()).isTrue();
      assertThat(Approvals.of(1).headOnly(false).evaluate(dismissing).passed()).isTrue();
    }

    @Test
    void aDismissedApprovalCountsForNothing() {
      var cr =
          cr().addReviews(approve("bob"), review("bob", Review.State.DISMISSED, HEAD, 5)).build();
      assertThat(Approvals.of(1).evaluate(withCr(cr)).isWaiting()).isTrue();
    }

    @Test
    void theLatestReviewPerPersonDecides() {
      var changed =
          cr().addReviews(approve("bob"), review("bob", Review.State.CHANGES_REQUESTED, HEAD, 9))
              .build();
      Verdict v = Approvals.of(1).evaluate(withCr(changed));
      assertThat(v.failed()).isTrue();
      assertThat(v.reasons().get(0)).startsWith("changes requested by bob");
      var approvedAfter =
          cr().addReviews(
                  review("bob", Review.State.CHANGES_REQUESTED, HEAD, 1),
                  review("bob", Review.State.COMMENTED, HEAD, 2),
                  review("bob", Review.State.APPROVED, HEAD, 3))
              .build();
      assertThat(Approvals.of(1).evaluate(withCr(approvedAfter)).passed()).isTrue();
    }

    @Test
    void aNamedGroupMustBeAmongTheApprovers() {
      MembershipLookup teams = MembershipLookup.of(Map.of("@myorg/qa", Set.of("Quinn")));
      Approvals gate = Approvals.of(2).fromGroup("@myorg/qa");
      GateContext without =
          context(NOW)
              .changeRequest(cr().addReviews(approve("bob"), approve("carol")).build())
              .membership(teams)
              .build();
      Verdict v = gate.evaluate(without);
      assertThat(v.isWaiting()).isTrue();
      assertThat(v.reasons().get(0)).contains("none from @myorg/qa");
      assertThat(gate.stillNeeded(without)).containsExactly("@myorg/qa");
      GateContext with =
          context(NOW)
              .changeRequest(cr().addReviews(approve("bob"), approve("quinn")).build())
              .membership(teams)
              .build();
      assertThat(gate.evaluate(with).passed()).isTrue();
      assertThat(gate.stillNeeded(withCr(cr().build())))
          .containsExactly("@myorg/qa", "1 more reviewer");
    }
  }

  @Nested
  class CodeOwnersGate {
    static final CodeOwners GITHUB =
        CodeOwners.parse(
            Dialect.GITHUB,
            "CODEOWNERS",
            "* @myorg/platform\n/apps/*/overlays/production/ @myorg/prod-owners\n");
    static final MembershipLookup TEAMS =
        MembershipLookup.of(
            Map.of("@myorg/prod-owners", Set.of("olga"), "@myorg/platform", Set.of("pat")));

    GateContext ctx(List<Review> reviews) {
      return context(NOW)
          .changeRequest(cr().addAllReviews(reviews).build())
          .codeOwners(GITHUB)
          .membership(TEAMS)
          .build();
    }

    @Test
    void aTeamMemberApproves() {
      assertThat(CodeOwnerApprovals.create().evaluate(ctx(List.of(approve("olga")))).passed())
          .isTrue();
    }

    @Test
    void someoneElseDoesNotAndTheOwnersAreNamed() {
      GateContext c = ctx(List.of(approve("pat"), approve("bob")));
      Verdict v = CodeOwnerApprovals.create().evaluate(c);
      assertThat(v.isWaiting()).isTrue();
      assertThat(v.reasons().get(0)).contains("needs 1 approval from @myorg/prod-owners");
      assertThat(CodeOwnerApprovals.create().stillNeeded(c))
          .containsExactly("@myorg/prod-owners for " + PATH);
    }

    @Test
    void theAuthorOfThePromotedCommitCannotApproveAsOwner() {
      GateContext c =
          context(NOW)
              .changeRequest(cr().addReviews(approve("ada")).build())
              .codeOwners(GITHUB)
              .membership(MembershipLookup.of(Map.of("@myorg/prod-owners", Set.of("ada"))))
              .build();
      Verdict v = CodeOwnerApprovals.create().evaluate(c);
      assertThat(v.isWaiting()).isTrue();
      assertThat(v.reasons()).anyMatch(r -> r.contains("ada (authored the promoted commit)"));
    }

    @Test
    void gitLabSectionsWithCounts() {
      CodeOwners gitlab =
          CodeOwners.parse(
              Dialect.GITLAB,
              "CODEOWNERS",
              "[Production][2]\napps/**/production/ @olga @pat @quinn\n^[Docs]\n*.md @docs\n");
      GateContext one =
          context(NOW)
              .changeRequest(cr().addReviews(approve("olga")).build())
              .codeOwners(gitlab)
              .build();
      assertThat(CodeOwnerApprovals.create().evaluate(one).isWaiting()).isTrue();
      assertThat(CodeOwnerApprovals.create().stillNeeded(one).get(0))
          .startsWith("@olga or @pat or @quinn for ");
      GateContext two =
          context(NOW)
              .changeRequest(cr().addReviews(approve("olga"), approve("quinn")).build())
              .codeOwners(gitlab)
              .build();
      assertThat(CodeOwnerApprovals.create().evaluate(two).passed()).isTrue();
    }

    @Test
    void noFileNoOwnersPasses() {
      assertThat(CodeOwnerApprovals.create().evaluate(withCr(cr().build())).passed()).isTrue();
    }
  }

  @Nested
  class Windows {
    // EU daylight saving ends 2026-10-25 (03:00 CEST -> 02:00 CET) and starts 2026-03-29
    // (02:00 CET -> 03:00 CEST)
    static final Schedule WEEKEND = Schedule.parse("Sat 01:00 to Sun 04:00 Europe/Berlin");

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
      // fall back: Sun 04:00 CET is 03:00Z
      "2026-10-23T22:59:59Z, PASS, ",
      "2026-10-23T23:00:00Z, WAIT, 2026-10-25T03:00:00Z",
      "2026-10-25T02:59:59Z, WAIT, 2026-10-25T03:00:00Z",
      "2026-10-25T03:00:00Z, PASS, ",
      // spring forward: Sat 01:00 CET is 00:00Z, Sun 04:00 CEST is 02:00Z
      "2026-03-27T23:59:59Z, PASS, ",
      "2026-03-28T00:00:00Z, WAIT, 2026-03-29T02:00:00Z",
      "2026-03-29T01:59:59Z, WAIT, 2026-03-29T02:00:00Z",
      "2026-03-29T02:00:00Z, PASS, ",
    })
    void freezeBoundariesAcrossDaylightSavingChanges(Instant now, Status expected, Instant until) {
      Verdict v = Window.freeze("freeze-window", WEEKEND).evaluate(context(now).build());
      assertThat(v.status()).isEqualTo(expected);
      if (until != null) {
        assertThat(v.retryAt()).contains(until);
      }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
      "2026-10-25T00:59:59Z, WAIT, 2026-10-26T08:00:00Z", // Sunday: Mon 09:00 CET
      "2026-10-26T07:59:59Z, WAIT, 2026-10-26T08:00:00Z", // Mon 08:59:59 CET
      "2026-10-26T08:00:00Z, PASS, ",
      "2026-10-26T16:00:00Z, WAIT, 2026-10-27T08:00:00Z", // Mon 17:00 CET: closed till Tue
    })
    void changeWindowOpensAtLocalTimeAfterTheChange(Instant now, Status expected, Instant until) {
      Schedule office = Schedule.parse("Mon-Fri 09:00-17:00 Europe/Berlin");
      Verdict v = Window.changeWindow("change-window", office).evaluate(context(now).build());
      assertThat(v.status()).isEqualTo(expected);
      if (until != null) {
        assertThat(v.retryAt()).contains(until);
      }
    }

    static final Instant INSIDE = Instant.parse("2026-10-24T12:00:00Z");

    @Test
    void anOverrideByANamedApproverWhoApprovedPasses() {
      Window gate = Window.freeze("freeze-window", WEEKEND).overridableBy(List.of("lead"));
      List<GateOverride> o = List.of(new GateOverride("freeze-window", "lead", "hotfix INC-42"));
      GateContext approved =
          context(INSIDE, Delivery.CHANGE_REQUEST, o)
              .changeRequest(cr().addReviews(approve("lead")).build())
              .build();
      Verdict v = gate.evaluate(approved);
      assertThat(v.passed()).isTrue();
      assertThat(v.reasons().get(0)).startsWith("overridden by lead: hotfix INC-42");
      GateContext notYet =
          context(INSIDE, Delivery.CHANGE_REQUEST, o).changeRequest(cr().build()).build();
      assertThat(gate.evaluate(notYet).reasons())
          .contains("the override by lead waits for their approval of the change request");
    }

    @Test
    void anOverrideBySomeoneElseOrWithoutApproversDoesNotCount() {
      List<GateOverride> o = List.of(new GateOverride("freeze-window", "mallory", "because"));
      GateContext c =
          context(INSIDE, Delivery.CHANGE_REQUEST, o)
              .changeRequest(cr().addReviews(approve("mallory")).build())
              .build();
      Verdict named =
          Window.freeze("freeze-window", WEEKEND).overridableBy(List.of("lead")).evaluate(c);
      assertThat(named.isWaiting()).isTrue();
      assertThat(named.reasons()).contains("the override by mallory does not count: only lead may");
      assertThat(Window.freeze("freeze-window", WEEKEND).evaluate(c).reasons())
          .contains(
              "the override by mallory does not count: this gate names no override approvers");
    }

    @Test
    void aDirectCommitOverrideNeedsTheApproverToPromote() {
      Window gate = Window.freeze("freeze-window", WEEKEND).overridableBy(List.of("ada@myorg.com"));
      Verdict mine =
          gate.evaluate(
              context(
                      INSIDE,
                      Delivery.DIRECT_COMMIT,
                      List.of(new GateOverride("freeze-window", "ada@myorg.com", "INC-1")))
                  .build());
      assertThat(mine.passed()).isTrue();
      Window other = Window.freeze("freeze-window", WEEKEND).overridableBy(List.of("lead"));
      Verdict theirs =
          other.evaluate(
              context(
                      INSIDE,
                      Delivery.DIRECT_COMMIT,
                      List.of(new GateOverride("freeze-window", "lead", "INC-1")))
                  .build());
      assertThat(theirs.isWaiting()).isTrue();
      assertThat(theirs.reasons().get(1)).contains("the approver must be the one promoting");
    }

    @Test
    void overrideTrailersRoundTrip() {
      GateOverride o = new GateOverride("freeze-window", "lead", "hotfix: INC-42");
      assertThat(GateOverride.parseTrailer(o.trailerValue())).contains(o);
      assertThat(GateOverride.parseTrailer("nonsense")).isEmpty();
    }
  }

  @Nested
  class SoakGate {
    @Test
    void waitsUntilTheDigestRanLongEnough() {
      GateContext c =
          context(NOW).addUpstreamRecords(stagingRecord(D1, NOW.minusSeconds(600))).build();
      Verdict v = Soak.of(Duration.ofMinutes(30)).evaluate(c);
      assertThat(v.isWaiting()).isTrue();
      assertThat(v.retryAt()).contains(NOW.plusSeconds(1200));
      assertThat(v.reasons().get(0)).contains("for 10m of 30m");
      GateContext later =
          context(NOW).addUpstreamRecords(stagingRecord(D1, NOW.minusSeconds(1800))).build();
      assertThat(Soak.of(Duration.ofMinutes(30)).evaluate(later).passed()).isTrue();
    }

    @Test
    void withAnAgentItCountsFromWhenItBecameHealthy() {
      Instant entered = NOW.minusSeconds(3600);
      Instant healthy = NOW.minusSeconds(300);
      GateContext c =
          context(NOW)
              .addUpstreamRecords(stagingRecord(D1, entered))
              .upstreamStatus(Map.of("staging", Map.of("api", healthy(STAGING_COMMIT, healthy))))
              .upstreamReached(reached())
              .build();
      Verdict v = Soak.of(Duration.ofMinutes(30)).evaluate(c);
      assertThat(v.retryAt()).contains(healthy.plus(Duration.ofMinutes(30)));
      assertThat(v.reasons().get(0)).contains("since the agent reported it healthy");
    }

    @Test
    void anUnhealthyOrUnsyncedUpstreamDoesNotSoak() {
      SyncStatus progressing =
          SyncStatus.builder()
              .sync(SyncStatus.Sync.SYNCED)
              .health(SyncStatus.Health.PROGRESSING)
              .revision(STAGING_COMMIT)
              .observedAt(NOW)
              .build();
      GateContext c =
          context(NOW)
              .addUpstreamRecords(stagingRecord(D1, NOW.minusSeconds(7200)))
              .upstreamStatus(Map.of("staging", Map.of("api", progressing)))
              .upstreamReached(reached())
              .build();
      Verdict v = Soak.of(Duration.ofMinutes(30)).evaluate(c);
      assertThat(v.isWaiting()).isTrue();
      assertThat(v.retryAt()).isEmpty();
    }

    @Test
    void anUpstreamThatRunsAnotherDigestFails() {
      GateContext c =
          context(NOW).addUpstreamRecords(stagingRecord(D2, NOW.minusSeconds(7200))).build();
      assertThat(Soak.of(Duration.ofMinutes(30)).evaluate(c).failed()).isTrue();
    }
  }

  @Nested
  class UpstreamHealthyGate {
    GateContext ctx(SyncStatus status, boolean reached) {
      GateContext.Builder b =
          context(NOW)
              .addUpstreamRecords(stagingRecord(D1, NOW.minusSeconds(60)))
              .upstreamStatus(Map.of("staging", Map.of("api", status)));
      return b.upstreamReached(reached ? reached() : Map.of()).build();
    }

    @Test
    void syncedAtThePromotingCommitAndHealthyPasses() {
      Verdict v = UpstreamHealthy.create().evaluate(ctx(healthy(STAGING_COMMIT, NOW), true));
      assertThat(v.passed()).isTrue();
      assertThat(v.reasons()).containsExactly("api in staging is synced at ddddddd and healthy");
    }

    @Test
    void notYetSyncedWaitsAndDegradedFails() {
      assertThat(UpstreamHealthy.create().evaluate(ctx(healthy(BASE, NOW), false)).reasons())
          .containsExactly("api in staging has not synced ddddddd yet (agent at aaaaaaa)");
      SyncStatus degraded =
          SyncStatus.builder()
              .sync(SyncStatus.Sync.SYNCED)
              .health(SyncStatus.Health.DEGRADED)
              .revision(STAGING_COMMIT)
              .observedAt(NOW)
              .message("CrashLoopBackOff")
              .build();
      Verdict v = UpstreamHealthy.create().evaluate(ctx(degraded, true));
      assertThat(v.failed()).isTrue();
      assertThat(v.reasons()).containsExactly("api in staging is DEGRADED: CrashLoopBackOff");
    }

    @Test
    void withoutAnAgentItFails() {
      GateContext c =
          context(NOW).addUpstreamRecords(stagingRecord(D1, NOW.minusSeconds(60))).build();
      assertThat(UpstreamHealthy.create().evaluate(c).failed()).isTrue();
    }
  }

  @Nested
  class PlannerRules {
    @Test
    void provenanceAndPinning() {
      GateContext same =
          context(NOW).addUpstreamRecords(stagingRecord(D1, NOW.minusSeconds(60))).build();
      assertThat(Provenance.create().evaluate(same).passed()).isTrue();
      GateContext other =
          context(NOW).addUpstreamRecords(stagingRecord(D2, NOW.minusSeconds(60))).build();
      assertThat(Provenance.create().evaluate(other).reasons().get(0))
          .startsWith("api in staging runs sha256:2222222");
      assertThat(Pinning.create().evaluate(same).passed()).isTrue();
      GateContext tagged =
          GateContext.builder()
              .now(NOW)
              .pipeline(pipeline(Delivery.CHANGE_REQUEST))
              .plan(
                  plan(
                      Delivery.CHANGE_REQUEST,
                      ImageReference.parse("ghcr.io/myorg/api:1.2.3"),
                      List.of()))
              .build();
      assertThat(Pinning.create().evaluate(tagged).failed()).isTrue();
    }

    @Test
    void notTurnsPassAndFailAroundAndKeepsWaits() {
      GateContext c = context(NOW).build();
      assertThat(Gates.not(Pinning.create()).evaluate(c).failed()).isTrue();
      assertThat(Gates.not(RequiredChecks.of("x")).evaluate(c).isWaiting()).isTrue();
    }
  }
}

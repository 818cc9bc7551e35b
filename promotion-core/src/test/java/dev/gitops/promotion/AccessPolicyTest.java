package dev.gitops.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessPolicyTest {
  static final Actor BOT = Actor.bot("CI Bot", "ci-bot@myorg.com");
  static final Actor ADA = Actor.human("Ada", "ada@myorg.com");

  @ParameterizedTest(name = "{0} {1} into {2} ({3}) -> {4}")
  @CsvSource({
    // actor, delivery, environment, environment's own delivery, allowed
    "bot,   DIRECT_COMMIT,  dev,        DIRECT_COMMIT,  true",
    "human, DIRECT_COMMIT,  dev,        DIRECT_COMMIT,  true",
    "bot,   CHANGE_REQUEST, dev,        DIRECT_COMMIT,  true",
    "bot,   DIRECT_COMMIT,  staging,    CHANGE_REQUEST, false",
    "human, DIRECT_COMMIT,  staging,    CHANGE_REQUEST, false",
    "bot,   CHANGE_REQUEST, staging,    CHANGE_REQUEST, true",
    "human, CHANGE_REQUEST, staging,    CHANGE_REQUEST, true",
    "bot,   DIRECT_COMMIT,  production, CHANGE_REQUEST, false",
    "human, DIRECT_COMMIT,  production, CHANGE_REQUEST, false",
    "bot,   CHANGE_REQUEST, production, CHANGE_REQUEST, false",
    "human, CHANGE_REQUEST, production, CHANGE_REQUEST, true",
    "bot,   DIRECT_COMMIT,  production, DIRECT_COMMIT,  false",
    "human, DIRECT_COMMIT,  production, DIRECT_COMMIT,  true",
  })
  void seedDefaultTable(
      String actor, Delivery delivery, String env, Delivery envDelivery, boolean allowed) {
    Actor who = actor.equals("bot") ? BOT : ADA;
    Environment e = Environment.of(env, envDelivery);
    AccessPolicy.Decision d = AccessPolicy.seedDefault().decide(who, e, delivery);
    assertThat(d.allowed()).as(d.reason()).isEqualTo(allowed);
    if (!allowed) {
      assertThatThrownBy(() -> AccessPolicy.seedDefault().check(who, e, delivery))
          .isInstanceOfSatisfying(
              NotPermittedException.class,
              ex -> assertThat(ex.rule()).isEqualTo(NotPermittedException.Rule.ACCESS_POLICY))
          .hasMessageContaining(env);
    }
  }

  @ParameterizedTest
  @CsvSource({"true, true, true", "true, false, false", "false, true, false"})
  void andNeedsBoth(boolean first, boolean second, boolean both) {
    AccessPolicy a =
        (x, e, d) ->
            first ? AccessPolicy.Decision.allow("a") : AccessPolicy.Decision.deny("a says no");
    AccessPolicy b =
        (x, e, d) ->
            second ? AccessPolicy.Decision.allow("b") : AccessPolicy.Decision.deny("b says no");
    AccessPolicy.Decision d =
        a.and(b).decide(ADA, Environment.of("dev", Delivery.DIRECT_COMMIT), Delivery.DIRECT_COMMIT);
    assertThat(d.allowed()).isEqualTo(both);
    if (!first) {
      assertThat(d.reason()).isEqualTo("a says no");
    }
  }
}

package dev.gitops.promotion.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.AccessPolicy;
import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Delivery;
import dev.gitops.promotion.Environment;
import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.spi.ChangeRequestSpec;
import dev.gitops.promotion.spi.HostIdentity;
import dev.gitops.promotion.spi.Revision;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdentityBindingTest {
  static final Environment STAGING = Environment.of("staging", Delivery.CHANGE_REQUEST);
  static final Actor ADA = Actor.human("Ada Lovelace", "ada@myorg.com");
  static final Actor EVE = Actor.human("Eve", "eve@myorg.com");

  /** A host that only answers who its credentials belong to, counting the questions. */
  static final class WhoAmI implements ChangeRequestHost {
    final Optional<HostIdentity> identity;
    final AtomicInteger asked = new AtomicInteger();

    WhoAmI(Optional<HostIdentity> identity) {
      this.identity = identity;
    }

    @Override
    public Optional<HostIdentity> identity() {
      asked.incrementAndGet();
      return identity;
    }

    @Override
    public ChangeRequest open(ChangeRequestSpec spec) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<ChangeRequest> listOpen(String targetBranch) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ChangeRequest get(String id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ChangeRequest update(String id, ChangeRequestSpec spec) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ChangeRequest close(String id, String comment) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ChangeRequest merge(String id, Revision expectedHead, String commitMessage) {
      throw new UnsupportedOperationException();
    }

    @Override
    public BranchProtection protection(String branch) {
      throw new UnsupportedOperationException();
    }
  }

  static HostIdentity ada() {
    return new HostIdentity("ada", Optional.of("Ada"), Optional.of("ada@myorg.com"), false);
  }

  @Test
  void anActorWhoIsNotTheAuthenticatedUserIsRefused() {
    WhoAmI host = new WhoAmI(Optional.of(ada()));
    AccessPolicy p =
        IdentityBinding.bind(AccessPolicy.seedDefault(), e -> Optional.of(host), List.of());
    AccessPolicy.Decision d = p.decide(EVE, STAGING, Delivery.CHANGE_REQUEST);
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason())
        .contains(
            "Eve <eve@myorg.com> is not who the host credentials belong to (ada <ada@myorg.com>)")
        .contains("access.delegates");
    assertThat(p.decide(ADA, STAGING, Delivery.CHANGE_REQUEST).allowed()).isTrue();
    p.decide(ADA, STAGING, Delivery.CHANGE_REQUEST);
    assertThat(host.asked).as("the host is asked once").hasValue(1);
  }

  @Test
  void aDelegateMayActForOthersAndTheSeedPolicyStillApplies() {
    WhoAmI host = new WhoAmI(Optional.of(ada()));
    AccessPolicy p =
        IdentityBinding.bind(AccessPolicy.seedDefault(), e -> Optional.of(host), List.of("ADA"));
    assertThat(p.decide(EVE, STAGING, Delivery.CHANGE_REQUEST).allowed()).isTrue();
    assertThat(p.decide(EVE, STAGING, Delivery.DIRECT_COMMIT).allowed()).isFalse();
  }

  @Test
  void withoutAHostOrAnIdentityTheClaimIsJudgedAsGiven() {
    AccessPolicy none =
        IdentityBinding.bind(AccessPolicy.seedDefault(), e -> Optional.empty(), List.of());
    assertThat(none.decide(EVE, STAGING, Delivery.CHANGE_REQUEST).allowed()).isTrue();
    WhoAmI silent = new WhoAmI(Optional.empty());
    AccessPolicy p =
        IdentityBinding.bind(AccessPolicy.seedDefault(), e -> Optional.of(silent), List.of());
    assertThat(p.decide(EVE, STAGING, Delivery.CHANGE_REQUEST).allowed()).isTrue();
  }

  @Test
  void aNoReplyAddressOfTheLoginMatches() {
    HostIdentity noEmail = new HostIdentity("ada", Optional.empty(), Optional.empty(), false);
    assertThat(
            IdentityBinding.matches(
                noEmail, Actor.human("Ada", "12345+ada@users.noreply.github.com")))
        .isTrue();
    assertThat(IdentityBinding.matches(noEmail, Actor.human("Ada", "ada@users.noreply.github.com")))
        .isTrue();
    assertThat(IdentityBinding.matches(noEmail, Actor.human("Ada", "ada@evil.example"))).isFalse();
    assertThat(
            IdentityBinding.matches(
                noEmail, Actor.human("Ada", "eve+ada@users.noreply.github.com")))
        .isFalse();
  }
}

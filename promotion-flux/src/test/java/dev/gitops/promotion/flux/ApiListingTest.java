package dev.gitops.promotion.flux;

import dev.gitops.promotion.apilisting.ApiListing;
import org.junit.jupiter.api.Test;

/**
 * The public API of promotion-flux is the one committed in api/promotion-flux.txt (see ApiListing).
 */
class ApiListingTest {
  @Test
  void thePublicApiIsTheCommittedOne() {
    ApiListing.verify(FluxAgent.class, "promotion-flux");
  }
}

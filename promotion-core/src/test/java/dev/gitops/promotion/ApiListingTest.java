package dev.gitops.promotion;

import dev.gitops.promotion.apilisting.ApiListing;
import org.junit.jupiter.api.Test;

/**
 * The public API of promotion-core is the one committed in api/promotion-core.txt (see ApiListing).
 */
class ApiListingTest {
  @Test
  void thePublicApiIsTheCommittedOne() {
    ApiListing.verify(Promoter.class, "promotion-core");
  }
}

package dev.gitops.promotion.testkit;

import dev.gitops.promotion.apilisting.ApiListing;
import org.junit.jupiter.api.Test;

/**
 * The public API of promotion-testkit is the one committed in api/promotion-testkit.txt (see
 * ApiListing).
 */
class ApiListingTest {
  @Test
  void thePublicApiIsTheCommittedOne() {
    ApiListing.verify(InMemoryConfigRepository.class, "promotion-testkit");
  }
}

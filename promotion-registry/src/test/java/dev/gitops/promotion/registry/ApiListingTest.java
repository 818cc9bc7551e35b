package dev.gitops.promotion.registry;

import dev.gitops.promotion.apilisting.ApiListing;
import org.junit.jupiter.api.Test;

/**
 * The public API of promotion-registry is the one committed in api/promotion-registry.txt (see
 * ApiListing).
 */
class ApiListingTest {
  @Test
  void thePublicApiIsTheCommittedOne() {
    ApiListing.verify(OciRegistry.class, "promotion-registry");
  }
}

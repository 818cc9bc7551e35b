package dev.gitops.promotion.overlay;

import dev.gitops.promotion.apilisting.ApiListing;
import org.junit.jupiter.api.Test;

/**
 * The public API of promotion-overlays is the one committed in api/promotion-overlays.txt (see
 * ApiListing).
 */
class ApiListingTest {
  @Test
  void thePublicApiIsTheCommittedOne() {
    ApiListing.verify(OverlayFormats.class, "promotion-overlays");
  }
}

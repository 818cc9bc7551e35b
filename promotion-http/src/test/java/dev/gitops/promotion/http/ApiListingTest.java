package dev.gitops.promotion.http;

import dev.gitops.promotion.apilisting.ApiListing;
import org.junit.jupiter.api.Test;

/**
 * The public API of promotion-http is the one committed in api/promotion-http.txt (see ApiListing).
 */
class ApiListingTest {
  @Test
  void thePublicApiIsTheCommittedOne() {
    ApiListing.verify(RestClient.class, "promotion-http");
  }
}

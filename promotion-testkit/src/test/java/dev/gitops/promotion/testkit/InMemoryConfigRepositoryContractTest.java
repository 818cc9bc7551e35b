package dev.gitops.promotion.testkit;

import dev.gitops.promotion.spi.ConfigRepository;
import java.time.Instant;
import java.util.Map;

class InMemoryConfigRepositoryContractTest extends ConfigRepositoryContract {
  @Override
  protected ConfigRepository subject(String branch, Map<String, String> files) {
    InMemoryConfigRepository repo = InMemoryConfigRepository.create();
    repo.init(branch, files, Instant.parse("2025-11-14T08:00:00Z"));
    return repo;
  }
}

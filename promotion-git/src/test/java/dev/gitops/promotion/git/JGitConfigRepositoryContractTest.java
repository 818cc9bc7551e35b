package dev.gitops.promotion.git;

import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.testkit.ConfigRepositoryContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The testkit's contract for config repositories, on a real repository written by the git CLI. */
class JGitConfigRepositoryContractTest extends ConfigRepositoryContract {
  @TempDir Path tmp;
  private final List<JGitConfigRepository> opened = new ArrayList<>();
  private int count;

  @Override
  protected ConfigRepository subject(String branch, Map<String, String> files) {
    Path dir = tmp.resolve("repo" + count++);
    try {
      java.nio.file.Files.createDirectories(dir);
      Fixture.git(dir, "init", "-q", "-b", branch);
      for (Map.Entry<String, String> f : files.entrySet()) {
        Fixture.write(dir, f.getKey(), f.getValue());
      }
      Fixture.git(dir, "add", "-A");
      Fixture.git(dir, "commit", "-q", "--allow-empty", "-m", "Initial commit");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JGitConfigRepository repo = JGitConfigRepository.open(dir);
    opened.add(repo);
    return repo;
  }

  @AfterEach
  void closeAll() {
    opened.forEach(JGitConfigRepository::close);
  }
}

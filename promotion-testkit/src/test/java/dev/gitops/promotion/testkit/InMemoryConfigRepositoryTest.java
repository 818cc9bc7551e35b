package dev.gitops.promotion.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.Revision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class InMemoryConfigRepositoryTest {
  private static final Actor ADA = Actor.human("Ada", "ada@example.com");
  private static final Instant T0 = Instant.parse("2025-11-14T09:00:00Z");

  private static Revision commit(
      InMemoryConfigRepository repo, String branch, int n, FileEdit... edits) {
    Revision head = repo.head(branch).orElseThrow();
    return repo.commit(
        CommitRequest.builder()
            .branch(branch)
            .parent(head)
            .expectedHead(head)
            .addEdits(edits)
            .message("change " + n + "\n")
            .author(ADA)
            .time(T0.plusSeconds(n))
            .build());
  }

  @Test
  void everyRevisionOfALongHistoryReadsBackExactly() {
    InMemoryConfigRepository repo = InMemoryConfigRepository.create();
    TreeMap<String, String> model = new TreeMap<>(Map.of("f0", "v0"));
    repo.init("main", model, T0);
    List<Revision> revisions = new ArrayList<>();
    List<Map<String, String>> states = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(42);
    for (int n = 1; n <= 200; n++) {
      String path = "dir/f" + random.nextInt(12);
      String content = "v" + random.nextInt(5); // sometimes the content it already has
      model.put(path, content);
      revisions.add(commit(repo, "main", n, new FileEdit(path, content)));
      states.add(new TreeMap<>(model));
    }
    for (int i = 0; i < revisions.size(); i++) {
      Revision r = revisions.get(i);
      assertThat(repo.files(r)).as("files at commit %d", i + 1).isEqualTo(states.get(i));
      for (Map.Entry<String, String> e : states.get(i).entrySet()) {
        assertThat(repo.readFile(r, e.getKey())).contains(e.getValue());
      }
    }
    Revision head = repo.head("main").orElseThrow();
    for (String path : model.keySet()) {
      List<CommitInfo> log = repo.log(head, path, Integer.MAX_VALUE);
      // each listed commit changed the path's content against its parent
      for (CommitInfo c : log) {
        String after = repo.readFile(c.revision(), path).orElseThrow();
        String before =
            c.parents().isEmpty() ? null : repo.readFile(c.parents().get(0), path).orElse(null);
        assertThat(after).isNotEqualTo(before);
      }
    }
    assertThat(repo.history("main")).hasSize(201);
    assertThat(repo.commitCount()).isEqualTo(201);
  }

  @Test
  void theSameCommitMadeTwiceIsOneCommit() {
    InMemoryConfigRepository a = InMemoryConfigRepository.create();
    InMemoryConfigRepository b = InMemoryConfigRepository.create();
    Revision ra = a.init("main", Map.of("x", "1"), T0);
    Revision rb = b.init("main", Map.of("x", "1"), T0);
    assertThat(ra).isEqualTo(rb);
    assertThat(ra.id()).matches("[0-9a-f]{40}");
    a.createBranch("copy", ra);
    Revision c1 = commit(a, "main", 1, new FileEdit("x", "2"));
    Revision c2 = commit(a, "copy", 1, new FileEdit("x", "2"));
    assertThat(c2).isEqualTo(c1);
    assertThat(a.commitCount()).isEqualTo(2);
  }

  @Test
  void aScriptedFailureWritesNothing() {
    InMemoryConfigRepository repo = InMemoryConfigRepository.create();
    Revision root = repo.init("main", Map.of("x", "1"), T0);
    repo.failNextCommit(new RemoteUnavailableException("origin", -1, true, "push failed", null));
    assertThatThrownBy(() -> commit(repo, "main", 1, new FileEdit("x", "2")))
        .isInstanceOf(RemoteUnavailableException.class);
    assertThat(repo.head("main")).contains(root);
    assertThat(commit(repo, "main", 1, new FileEdit("x", "2"))).isNotEqualTo(root);
    assertThat(repo.branches()).containsOnlyKeys("main");
  }
}

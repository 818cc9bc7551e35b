package dev.gitops.promotion;

import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.Revision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The smallest ConfigRepository that core's own tests need: linear histories, first parents only.
 * The full fake, with merges and strictness checks, is promotion-testkit's
 * InMemoryConfigRepository.
 */
final class MemoryRepository implements ConfigRepository {
  private record Node(CommitInfo info, Map<String, String> files) {}

  private final Map<String, Revision> branches = new HashMap<>();
  private final Map<Revision, Node> nodes = new HashMap<>();
  private int commits;

  MemoryRepository(String branch, Map<String, String> files) {
    Revision root =
        store(List.of(), new TreeMap<>(files), "initial layout", "Seed", "seed@x", Instant.EPOCH);
    branches.put(branch, root);
  }

  int commitCount() {
    return commits;
  }

  @Override
  public Optional<Revision> head(String branch) {
    return Optional.ofNullable(branches.get(branch));
  }

  @Override
  public Optional<String> readFile(Revision revision, String path) {
    return Optional.ofNullable(node(revision).files().get(path));
  }

  @Override
  public synchronized Revision commit(CommitRequest r) {
    Revision current = branches.get(r.branch());
    if (!Objects.equals(current, r.expectedHead().orElse(null))) {
      throw new PromotionConflictException("branch " + r.branch() + " moved");
    }
    Map<String, String> files = new TreeMap<>(node(r.parent()).files());
    for (FileEdit e : r.edits()) {
      files.put(e.path(), e.content());
    }
    Revision rev =
        store(
            List.of(r.parent()),
            files,
            r.message(),
            r.author().name(),
            r.author().email(),
            r.time());
    branches.put(r.branch(), rev);
    return rev;
  }

  @Override
  public synchronized List<String> branches(String prefix) {
    return branches.keySet().stream().filter(b -> b.startsWith(prefix)).sorted().toList();
  }

  @Override
  public synchronized void deleteBranch(String branch, Revision expectedHead) {
    Revision current = branches.get(branch);
    if (current != null && !current.equals(expectedHead)) {
      throw new dev.gitops.promotion.PromotionConflictException(
          "branch " + branch + " moved to " + current + "; not deleted");
    }
    branches.remove(branch);
  }

  @Override
  public List<CommitInfo> log(Revision from, String path, int limit) {
    List<CommitInfo> out = new ArrayList<>();
    for (Node n = node(from); n != null && out.size() < limit; ) {
      Node parent = n.info().parents().isEmpty() ? null : node(n.info().parents().get(0));
      String before = parent == null ? null : parent.files().get(path);
      if (!Objects.equals(before, n.files().get(path))) {
        out.add(n.info());
      }
      n = parent;
    }
    return out;
  }

  @Override
  public CommitInfo commitInfo(Revision revision) {
    return node(revision).info();
  }

  @Override
  public List<String> changedPaths(Revision from, Revision to) {
    Map<String, String> a = node(from).files();
    Map<String, String> b = node(to).files();
    TreeSet<String> paths = new TreeSet<>(a.keySet());
    paths.addAll(b.keySet());
    paths.removeIf(p -> Objects.equals(a.get(p), b.get(p)));
    return List.copyOf(paths);
  }

  @Override
  public boolean isAncestor(Revision ancestor, Revision descendant) {
    for (Node n = node(descendant); ; n = node(n.info().parents().get(0))) {
      if (n.info().revision().equals(ancestor)) {
        return true;
      }
      if (n.info().parents().isEmpty()) {
        return false;
      }
    }
  }

  private Node node(Revision r) {
    Node n = nodes.get(r);
    if (n == null) {
      throw new InvalidInputException("unknown revision " + r);
    }
    return n;
  }

  private Revision store(
      List<Revision> parents,
      Map<String, String> files,
      String message,
      String name,
      String email,
      Instant time) {
    Revision rev = Revision.of(String.format("%040x", ++commits));
    nodes.put(
        rev,
        new Node(
            CommitInfo.builder()
                .revision(rev)
                .parents(parents)
                .authorName(name)
                .authorEmail(email)
                .time(time)
                .message(message)
                .build(),
            Map.copyOf(files)));
    return rev;
  }
}

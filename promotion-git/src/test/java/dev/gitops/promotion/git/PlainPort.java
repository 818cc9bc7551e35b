package dev.gitops.promotion.git;

import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.ConfigRepository;
import dev.gitops.promotion.spi.Revision;
import java.util.List;
import java.util.Optional;

/**
 * A repository seen only through the plain port methods, without capabilities: the generic ledger
 * reads it, the reference the fast one is compared with.
 */
final class PlainPort implements ConfigRepository {
  private final ConfigRepository delegate;

  PlainPort(ConfigRepository delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<Revision> head(String branch) {
    return delegate.head(branch);
  }

  @Override
  public Optional<String> readFile(Revision revision, String path) {
    return delegate.readFile(revision, path);
  }

  @Override
  public Revision commit(CommitRequest request) {
    return delegate.commit(request);
  }

  @Override
  public List<CommitInfo> log(Revision from, String path, int limit) {
    return delegate.log(from, path, limit);
  }

  @Override
  public CommitInfo commitInfo(Revision revision) {
    return delegate.commitInfo(revision);
  }

  @Override
  public List<String> changedPaths(Revision from, Revision to) {
    return delegate.changedPaths(from, to);
  }

  @Override
  public boolean isAncestor(Revision ancestor, Revision descendant) {
    return delegate.isAncestor(ancestor, descendant);
  }

  @Override
  public List<String> branches(String prefix) {
    return delegate.branches(prefix);
  }

  @Override
  public void deleteBranch(String branch, Revision expectedHead) {
    delegate.deleteBranch(branch, expectedHead);
  }
}

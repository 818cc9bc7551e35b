package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.RemoteUnavailableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;

/**
 * Notes for a person reading the ledger from a local checkout: whether a local branch is behind its
 * remote-tracking branch (as of the last fetch), ahead of it, or diverged from it, so that a table
 * read from a stale branch is never taken for the remote's truth.
 */
final class Freshness {
  private Freshness() {}

  /**
   * One note per branch of {@code branches} whose local head differs from {@code remote}'s tracking
   * branch; nothing for a repository without that remote or a bare clone kept by us.
   */
  static List<String> notes(Repository repo, Collection<String> branches, String remote) {
    List<String> notes = new ArrayList<>();
    if (!repo.getRemoteNames().contains(remote)) {
      return notes;
    }
    for (String branch : new TreeSet<>(branches)) {
      try {
        ObjectId local = repo.resolve("refs/heads/" + branch);
        ObjectId tracking = repo.resolve("refs/remotes/" + remote + "/" + branch);
        if (local == null || tracking == null || local.equals(tracking)) {
          continue;
        }
        int behind = count(repo, tracking, local);
        int ahead = count(repo, local, tracking);
        String where = "local " + branch + " and " + remote + "/" + branch;
        if (ahead == 0) {
          notes.add(
              "note: local "
                  + branch
                  + " is "
                  + behind
                  + " commit(s) behind "
                  + remote
                  + "/"
                  + branch
                  + " (as of the last fetch); this reads local "
                  + branch
                  + ": run with --fetch to read the remote, or git pull --ff-only");
        } else if (behind == 0) {
          notes.add(
              "note: local "
                  + branch
                  + " is "
                  + ahead
                  + " commit(s) ahead of "
                  + remote
                  + "/"
                  + branch
                  + ", not pushed yet; this reads local "
                  + branch);
        } else {
          notes.add(
              "note: "
                  + where
                  + " have diverged ("
                  + ahead
                  + " and "
                  + behind
                  + " commit(s) of their own); this reads local "
                  + branch
                  + ": a fast-forward cannot bring them together, reconcile them with git"
                  + " rebase or merge");
        }
      } catch (IOException e) {
        throw new RemoteUnavailableException(
            repo.getDirectory().toString(), -1, false, "cannot read the branches: " + e, e);
      }
    }
    return notes;
  }

  // commits reachable from `from` but not from `notIn`
  private static int count(Repository repo, ObjectId from, ObjectId notIn) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      walk.setRevFilter(RevFilter.ALL);
      RevCommit start = walk.parseCommit(from);
      walk.markStart(start);
      walk.markUninteresting(walk.parseCommit(notIn));
      int n = 0;
      while (walk.next() != null) {
        n++;
      }
      return n;
    }
  }
}

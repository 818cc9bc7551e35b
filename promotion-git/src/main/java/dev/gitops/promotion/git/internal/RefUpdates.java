package dev.gitops.promotion.git.internal;

import dev.gitops.promotion.BranchNames;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PromotionConflictException;
import dev.gitops.promotion.RemoteUnavailableException;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;

/**
 * Branch heads and how they move: the view of a branch (its local ref, or the remote-tracking ref
 * in remote mode), compare-and-swap updates of local refs, pushes with the expected old id, fetches
 * that mirror the remote's branches, and the short retries a ref locked by JGit's automatic gc
 * needs.
 */
public final class RefUpdates {
  // How long a ref lock may stay before it counts as held rather than a concurrent writer's.
  private static final java.time.Duration LOCK_PATIENCE = java.time.Duration.ofSeconds(1);

  private final Repository repo;
  private final Connection connection;
  private final OptionalInt depth;

  /** The refs of {@code repo}, reaching its remote through {@code connection}. */
  public RefUpdates(Repository repo, Connection connection, OptionalInt depth) {
    this.repo = repo;
    this.connection = connection;
    this.depth = depth;
    // JGit runs an automatic gc after a fetch when enough packs pile up, by default in a detached
    // thread that packs refs (locking them) while this repository moves them. Run it in the
    // fetching thread instead; the setting lives in memory only, the repository's file is
    // untouched.
    repo.getConfig().setBoolean("gc", null, "autoDetach", false);
  }

  /**
   * The ref that holds {@code branch}'s head: {@code refs/heads/<branch>}, or {@code
   * refs/remotes/<remote>/<branch>} in remote mode.
   */
  public String viewRef(String branch) {
    BranchNames.check(branch);
    return connection
        .remote()
        .map(r -> Constants.R_REMOTES + r + "/" + branch)
        .orElse(Constants.R_HEADS + branch);
  }

  /** The commit {@code branch} is at, or the zero id when there is no such branch. */
  public ObjectId current(String branch) {
    try {
      Ref r = repo.exactRef(viewRef(branch));
      return r == null || r.getObjectId() == null ? ObjectId.zeroId() : r.getObjectId();
    } catch (IOException e) {
      throw StorageFailures.of(repo, "reading branch " + branch, e);
    }
  }

  /**
   * Refuses an update of {@code branch} when it is not at {@code expected} (the zero id: when it
   * exists).
   *
   * @throws PromotionConflictException when the branch moved
   */
  public void checkAt(String branch, ObjectId expected) {
    ObjectId current = current(branch);
    if (!current.equals(expected)) {
      throw new PromotionConflictException(
          "branch '"
              + branch
              + "' is at "
              + describe(current)
              + ", not at "
              + describe(expected)
              + " as the commit expects; nothing was written. Re-plan on the new head and try"
              + " again");
    }
  }

  /**
   * Moves {@code branch} from {@code expected} to {@code commitId}: a locked compare-and-swap of
   * the local ref, or in remote mode a push with that lease, after which the local refs follow.
   *
   * @throws PromotionConflictException when the branch moved in between
   * @throws RemoteUnavailableException when the push fails or is refused
   */
  public void move(String branch, ObjectId commitId, ObjectId expected) {
    String ref = Constants.R_HEADS + branch;
    if (connection.remote().isPresent()) {
      push(branch, ref, commitId, expected);
    } else {
      updateLocal(ref, commitId, expected, branch);
    }
  }

  /**
   * Fetches from the remote and, in a bare repository, moves the local branches to the remote's.
   *
   * @throws IllegalStateException in local mode
   * @throws RemoteUnavailableException when the remote cannot be reached
   */
  public void fetch() {
    String r =
        connection
            .remote()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "cannot fetch: the repository at "
                            + StorageFailures.where(repo)
                            + " has no remote (it was opened as a local repository); open it"
                            + " with a remote, or read it without fetching"));
    connection.checkTransport("fetching from");
    FetchCommand fetch =
        Git.wrap(repo)
            .fetch()
            .setRemote(r)
            .setRemoveDeletedRefs(true)
            .setTimeout(connection.timeoutSeconds())
            .setTransportConfigCallback(connection.transportConfig());
    fetch.setCredentialsProvider(connection.credentials());
    depth.ifPresent(fetch::setDepth);
    try {
      fetch.call();
      if (repo.isBare()) {
        mirrorTrackingRefs(r);
      }
    } catch (GitAPIException e) {
      throw Transports.unavailable("fetching from", connection.remoteHost(), e);
    } catch (IOException e) {
      throw StorageFailures.of(repo, "updating the tracking branches of " + r, e);
    }
  }

  /** The branches whose names start with {@code prefix}, as this repository sees them, sorted. */
  public List<String> branches(String prefix) {
    String root =
        connection.remote().map(r -> Constants.R_REMOTES + r + "/").orElse(Constants.R_HEADS);
    try {
      return repo.getRefDatabase().getRefsByPrefix(root + prefix).stream()
          .filter(r -> !r.isSymbolic() && r.getObjectId() != null)
          .map(r -> r.getName().substring(root.length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw StorageFailures.of(repo, "listing branches " + prefix + "*", e);
    }
  }

  /**
   * Deletes {@code branch} if it is at {@code expected}: a locked delete of the local ref, or in
   * remote mode a push that deletes it with that lease (then the local view follows). A branch that
   * is already gone is left alone.
   *
   * @throws PromotionConflictException when the branch moved
   * @throws RemoteUnavailableException when the push fails or is refused
   */
  public void delete(String branch, ObjectId expected) {
    BranchNames.check(branch);
    ObjectId current = current(branch);
    if (ObjectId.zeroId().equals(current)) {
      return;
    }
    checkAt(branch, expected);
    String ref = Constants.R_HEADS + branch;
    if (connection.remote().isPresent()) {
      push(branch, ref, ObjectId.zeroId(), expected);
      return;
    }
    try {
      RefUpdate u = repo.updateRef(ref);
      u.setExpectedOldObjectId(expected);
      u.setForceUpdate(true);
      RefUpdate.Result r = u.delete();
      switch (r) {
        case FORCED, NO_CHANGE, FAST_FORWARD -> {}
        default ->
            throw new PromotionConflictException(
                "branch '" + branch + "' moved while deleting it (" + r + "); it stays");
      }
    } catch (IOException e) {
      throw StorageFailures.of(repo, "deleting branch " + branch, e);
    }
  }

  private static String describe(ObjectId id) {
    return ObjectId.zeroId().equals(id) ? "nothing (no such branch)" : id.abbreviate(7).name();
  }

  private void updateLocal(String ref, ObjectId commitId, ObjectId expected, String branch) {
    try {
      RefUpdate u = repo.updateRef(ref);
      u.setExpectedOldObjectId(expected);
      u.setNewObjectId(commitId);
      u.setForceUpdate(true);
      u.setRefLogMessage("promotion: commit", false);
      RefUpdate.Result r = u.update();
      switch (r) {
        case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> {}
        case LOCK_FAILURE, REJECTED, REJECTED_MISSING_OBJECT, REJECTED_OTHER_REASON -> {
          if (r == RefUpdate.Result.LOCK_FAILURE) {
            refuseHeldLock(ref, expected, branch);
          }
          throw new PromotionConflictException(
              "branch '"
                  + branch
                  + "' moved while committing ("
                  + r
                  + "); the commit was not recorded. Re-plan on the new head and try again");
        }
        default -> throw new IllegalStateException("unexpected ref update result " + r);
      }
    } catch (IOException e) {
      throw StorageFailures.of(repo, "moving branch " + branch, e);
    }
  }

  // A lock failure is a lost race when a concurrent writer held the lock for its own update: its
  // lock goes away and the branch has moved. A lock that outlives LOCK_PATIENCE while the branch
  // stays where we expected it is held (a long-running git process, or a stale lock left by a
  // crash), and retrying cannot help. Git waits for ref locks the same way
  // (core.filesRefLockTimeout, 100 ms by default); we wait longer because the caller re-plans.
  private void refuseHeldLock(String ref, ObjectId expected, String branch) throws IOException {
    java.nio.file.Path lock = repo.getDirectory().toPath().resolve(ref + ".lock");
    long deadline = System.nanoTime() + LOCK_PATIENCE.toNanos();
    long pause = 5;
    while (java.nio.file.Files.exists(lock)
        && currentId(ref).equals(expected)
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      pause = Math.min(pause * 2, 100);
    }
    if (java.nio.file.Files.exists(lock) && currentId(ref).equals(expected)) {
      throw new RemoteUnavailableException(
          repo.getDirectory().toString(),
          -1,
          false,
          "branch '"
              + branch
              + "' is locked: "
              + lock
              + " exists, so another git process is updating it, or one crashed and left a stale"
              + " lock; the branch did not move. If no git process is running, delete the lock"
              + " file and try again. Nothing was written",
          null);
    }
  }

  private ObjectId currentId(String ref) throws IOException {
    org.eclipse.jgit.lib.Ref now = repo.exactRef(ref);
    return now == null ? ObjectId.zeroId() : now.getObjectId();
  }

  private void push(String branch, String ref, ObjectId commitId, ObjectId expected) {
    String r = connection.remote().orElseThrow();
    String tracking = Constants.R_REMOTES + r + "/" + branch;
    RemoteRefUpdate.Status status;
    String detail;
    try (Transport t = connection.openTransport()) {
      RemoteRefUpdate u = new RemoteRefUpdate(repo, null, commitId, ref, true, null, expected);
      PushResult result = t.push(NullProgressMonitor.INSTANCE, List.of(u));
      RemoteRefUpdate done = result.getRemoteUpdate(ref);
      status = done.getStatus();
      detail = done.getMessage();
    } catch (IOException e) {
      throw Transports.unavailable("pushing to", connection.pushHost(), e);
    } catch (URISyntaxException e) {
      throw new InvalidInputException(
          "remote '" + r + "' has an invalid address: " + e.getMessage());
    }
    switch (status) {
      case OK, UP_TO_DATE -> recordPushed(tracking, ref, commitId);
      // a delete of a branch the remote no longer has (a host removed it after merging): done
      case NON_EXISTING -> {
        if (!ObjectId.zeroId().equals(commitId)) {
          throw new RemoteUnavailableException(
              connection.remoteHost(),
              -1,
              true,
              "the push to '" + branch + "' did not complete (" + status + "); try again",
              null);
        }
        recordPushed(tracking, ref, commitId);
      }
      case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED, REJECTED_NODELETE -> {
        refreshAfterRejection();
        throw new PromotionConflictException(
            "the remote branch '"
                + branch
                + "' is no longer at "
                + describe(expected)
                + " ("
                + status
                + "); nothing was pushed. Fetch, re-plan on the new head and try again");
      }
      case REJECTED_OTHER_REASON -> {
        String why = detail == null ? "" : detail;
        if (why.toLowerCase(Locale.ROOT).contains("lock")) {
          refreshAfterRejection();
          throw new PromotionConflictException(
              "the remote branch '"
                  + branch
                  + "' was being updated by someone else ("
                  + why
                  + "); nothing was pushed. Fetch, re-plan and try again");
        }
        throw new RemoteUnavailableException(
            connection.pushHost(),
            -1,
            false,
            "the remote refused the push to '"
                + branch
                + "': "
                + why
                + " (a server hook or branch protection?)",
            null);
      }
      default ->
          throw new RemoteUnavailableException(
              connection.pushHost(),
              -1,
              true,
              "the push to '" + branch + "' did not complete (" + status + "); try again",
              null);
    }
  }

  // The push landed, so the promotion is done whatever happens here: if a local ref stays locked,
  // a fetch brings the local view up to date, and a stale view costs the next push one round.
  private void recordPushed(String tracking, String ref, ObjectId commitId) {
    try {
      if (ObjectId.zeroId().equals(commitId)) {
        deleteRef(tracking);
        if (repo.isBare()) {
          deleteRef(ref);
        }
        return;
      }
      forceRef(tracking, commitId);
      if (repo.isBare()) {
        forceRef(ref, commitId);
      }
    } catch (IOException e) {
      refreshAfterRejection();
    }
  }

  private void refreshAfterRejection() {
    try {
      fetch();
    } catch (RemoteUnavailableException ignored) {
      // the conflict is the news; the caller fetches again before re-planning
    }
  }

  // JGit's automatic gc after a fetch runs in a detached thread and packs refs, holding each ref's
  // lock for a moment: a locked ref is tried again for up to about a second before giving up.
  private void forceRef(String name, ObjectId id) throws IOException {
    for (int attempt = 1; ; attempt++) {
      RefUpdate u = repo.updateRef(name);
      u.setNewObjectId(id);
      u.setForceUpdate(true);
      u.setRefLogMessage("promotion: pushed", false);
      RefUpdate.Result res = u.update();
      if (res == RefUpdate.Result.LOCK_FAILURE && attempt < 50) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the lock of " + name, e);
        }
        continue;
      }
      if (res == RefUpdate.Result.LOCK_FAILURE || res == RefUpdate.Result.IO_FAILURE) {
        File lock = new File(repo.getDirectory(), name + ".lock");
        throw new IOException(
            "cannot update "
                + name
                + ": "
                + res
                + (lock.exists() ? " (" + lock + " exists: another writer holds the ref)" : ""));
      }
      return;
    }
  }

  private void deleteRef(String name) throws IOException {
    if (repo.exactRef(name) == null) {
      return;
    }
    RefUpdate u = repo.updateRef(name);
    u.setForceUpdate(true);
    RefUpdate.Result res = u.delete();
    if (res == RefUpdate.Result.LOCK_FAILURE || res == RefUpdate.Result.IO_FAILURE) {
      throw new IOException("cannot delete " + name + ": " + res);
    }
  }

  private void mirrorTrackingRefs(String r) throws IOException {
    String prefix = Constants.R_REMOTES + r + "/";
    for (Ref t : repo.getRefDatabase().getRefsByPrefix(prefix)) {
      if (t.getObjectId() == null || t.isSymbolic()) {
        continue;
      }
      String local = Constants.R_HEADS + t.getName().substring(prefix.length());
      Ref l = repo.exactRef(local);
      if (l == null || !t.getObjectId().equals(l.getObjectId())) {
        forceRef(local, t.getObjectId());
      }
    }
  }
}

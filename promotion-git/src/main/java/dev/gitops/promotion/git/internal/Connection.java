package dev.gitops.promotion.git.internal;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.git.GitOptions;
import dev.gitops.promotion.git.SshOptions;
import dev.gitops.promotion.git.TokenSource;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/**
 * Opening a repository and reaching its remote: open or clone, local or remote mode, the token for
 * HTTPS, the SSH session factory, and the transport set-up every clone, fetch and push uses.
 */
public final class Connection {
  private final Repository repo;
  private final Optional<String> remote;
  private final int timeoutSeconds;
  private final Optional<TokenSource> tokenSource;
  private final Supplier<SshSessionFactory> ssh;

  /**
   * The connection of an open repository with these options; closes {@code repo} and refuses when
   * the options name a remote the repository does not have.
   *
   * @throws InvalidInputException when there is no such remote
   */
  public Connection(Repository repo, GitOptions options) {
    this.repo = repo;
    this.remote = options.remote();
    this.timeoutSeconds = (int) options.timeout().toSeconds();
    this.tokenSource = options.tokenSource();
    this.ssh = sshFactory(options.ssh());
    remote.ifPresent(
        r -> {
          if (!repo.getRemoteNames().contains(r)) {
            repo.close();
            throw new InvalidInputException(
                "repository " + repo.getDirectory() + " has no remote '" + r + "'");
          }
        });
  }

  /**
   * Opens the repository at {@code directory}: a work tree, a bare repository or a {@code .git}
   * folder.
   *
   * @throws InvalidInputException when there is no Git repository there
   */
  public static Repository open(Path directory) {
    try {
      FileRepositoryBuilder b = new FileRepositoryBuilder().setMustExist(true);
      File dir = directory.toFile();
      if (new File(dir, Constants.DOT_GIT).exists()) {
        b.setWorkTree(dir);
      } else {
        b.setGitDir(dir);
      }
      Repository r = b.build();
      if (!r.getObjectDatabase().exists()) {
        r.close();
        throw new RepositoryNotFoundException(dir);
      }
      return r;
    } catch (RepositoryNotFoundException e) {
      throw new InvalidInputException(
          "no Git repository at "
              + directory
              + ": it is not a Git repository (no .git folder, and not a bare repository)",
          null,
          e);
    } catch (IOException e) {
      throw new RemoteUnavailableException(
          String.valueOf(directory),
          -1,
          false,
          "cannot open the Git repository at " + directory + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Clones {@code uri} into {@code directory} as a bare repository, with the options' remote name
   * (which must be set), depth, branches, token and SSH set-up, and records the fetch refspecs that
   * later fetches use.
   *
   * @throws dev.gitops.promotion.RemoteUnavailableException when the remote cannot be reached
   */
  public static void cloneBare(String uri, Path directory, GitOptions options) {
    String remoteName = options.remote().orElseThrow();
    int timeout = (int) options.timeout().toSeconds();
    String host;
    try {
      URIish parsed = new URIish(uri);
      host = Transports.safeHost(parsed);
      if (OptionalDependencies.isSsh(parsed)) {
        OptionalDependencies.requireSsh("cloning " + host);
      }
    } catch (URISyntaxException e) {
      throw new InvalidInputException("invalid remote address: " + e.getMessage());
    }
    var clone =
        Git.cloneRepository()
            .setURI(uri)
            .setDirectory(directory.toFile())
            .setBare(true)
            .setRemote(remoteName)
            .setTimeout(timeout)
            .setTransportConfigCallback(Transports.configure(timeout, sshFactory(options.ssh())));
    options
        .tokenSource()
        .ifPresent(
            t -> clone.setCredentialsProvider(Transports.credentials(t.username(), t::token)));
    options.depth().ifPresent(clone::setDepth);
    if (!options.branches().isEmpty()) {
      clone.setCloneAllBranches(false);
      clone.setBranchesToClone(
          options.branches().stream().map(b -> Constants.R_HEADS + b).toList());
      clone.setBranch(options.branches().get(0));
    }
    try (Git git = clone.call()) {
      setFetchSpecs(git.getRepository(), remoteName, options.branches());
    } catch (GitAPIException e) {
      throw Transports.unavailable("cloning", host, e);
    }
  }

  // the fetch refspecs of a clone: every branch, or the chosen ones plus the promotion branches
  private static void setFetchSpecs(Repository repo, String remote, List<String> branches) {
    try {
      var cfg = repo.getConfig();
      List<String> specs = new ArrayList<>();
      if (branches.isEmpty()) {
        specs.add("+refs/heads/*:refs/remotes/" + remote + "/*");
      } else {
        for (String b : branches) {
          specs.add(
              new RefSpec("+refs/heads/" + b + ":refs/remotes/" + remote + "/" + b).toString());
        }
        specs.add("+refs/heads/promote/*:refs/remotes/" + remote + "/promote/*");
      }
      cfg.setStringList("remote", remote, "fetch", specs);
      cfg.save();
    } catch (IOException e) {
      throw StorageFailures.of(repo, "saving the fetch settings of remote " + remote, e);
    }
  }

  // Built on first use by an SSH transport, so that SshSessions (and MINA SSHD) are loaded only
  // when SSH is used; null (JGit's default) without SSH options.
  private static Supplier<SshSessionFactory> sshFactory(Optional<SshOptions> options) {
    if (options.isEmpty()) {
      return () -> null;
    }
    SshOptions s = options.get();
    return new Supplier<>() {
      private SshSessionFactory factory;

      @Override
      public synchronized SshSessionFactory get() {
        if (factory == null) {
          OptionalDependencies.requireSsh("the SSH options");
          factory = SshSessions.factory(s.sshDirectory(), s.identities(), s.knownHosts());
        }
        return factory;
      }
    };
  }

  /** The remote commits are pushed to, empty in local mode. */
  public Optional<String> remote() {
    return remote;
  }

  /** The network timeout of one fetch or push, in seconds. */
  public int timeoutSeconds() {
    return timeoutSeconds;
  }

  /** The credentials for HTTPS, read from the token source now, or null without one. */
  public CredentialsProvider credentials() {
    return tokenSource.map(t -> Transports.credentials(t.username(), t::token)).orElse(null);
  }

  /** Sets the timeout and, for SSH, the session factory on a transport a command opens. */
  public TransportConfigCallback transportConfig() {
    return Transports.configure(timeoutSeconds, ssh);
  }

  /**
   * Refuses to reach an SSH remote when SSH is not on the class path.
   *
   * @param what what is about to happen ("fetching from", "pushing to"), for the message
   * @throws InvalidInputException naming the artifact to add
   */
  public void checkTransport(String what) {
    try {
      RemoteConfig rc = new RemoteConfig(repo.getConfig(), remote.orElseThrow());
      List<URIish> uris = new ArrayList<>(rc.getURIs());
      uris.addAll(rc.getPushURIs());
      if (uris.stream().anyMatch(OptionalDependencies::isSsh)) {
        OptionalDependencies.requireSsh(what + " " + remoteHost());
      }
    } catch (URISyntaxException e) {
      throw new InvalidInputException(
          "remote '" + remote.orElseThrow() + "' has an invalid address: " + e.getMessage());
    }
  }

  /**
   * Opens a transport to where git would push: the remote's {@code pushurl} when it has one, else
   * its {@code url}; configured and with credentials.
   *
   * @throws RemoteUnavailableException when the push would go to a local path whose server hooks
   *     git would run (JGit pushes to local paths in-process, without hooks)
   */
  public Transport openTransport() throws IOException, URISyntaxException {
    checkTransport("pushing to");
    refuseLocalHooks();
    Transport t = Transport.open(repo, remote.orElseThrow(), Transport.Operation.PUSH);
    transportConfig().configure(t);
    t.setCredentialsProvider(credentials());
    return t;
  }

  private static final List<String> SERVER_HOOKS = List.of("pre-receive", "update", "proc-receive");

  // git runs a local-path remote's receive hooks (it starts git-receive-pack there); JGit's local
  // transport does not, so a push that git would have refused must not slip through
  private void refuseLocalHooks() throws URISyntaxException {
    RemoteConfig rc = new RemoteConfig(repo.getConfig(), remote.orElseThrow());
    List<URIish> uris = rc.getPushURIs().isEmpty() ? rc.getURIs() : rc.getPushURIs();
    for (URIish uri : uris) {
      String scheme = uri.getScheme();
      if (uri.getHost() != null || (scheme != null && !scheme.equals("file"))) {
        continue;
      }
      java.nio.file.Path dir = java.nio.file.Path.of(uri.getPath());
      for (java.nio.file.Path hooks : List.of(dir.resolve("hooks"), dir.resolve(".git/hooks"))) {
        for (String hook : SERVER_HOOKS) {
          java.nio.file.Path h = hooks.resolve(hook);
          if (java.nio.file.Files.isRegularFile(h) && java.nio.file.Files.isExecutable(h)) {
            throw new dev.gitops.promotion.RemoteUnavailableException(
                Transports.safeHost(uri),
                -1,
                false,
                "the remote is a local path with a "
                    + hook
                    + " hook, which git would run on a push; this library pushes to local paths"
                    + " without running server hooks, so it refuses instead of bypassing the"
                    + " hook. Nothing was pushed. Push with git, or serve the repository over"
                    + " SSH or HTTPS",
                null);
          }
        }
      }
    }
  }

  /** Where a push goes ({@code pushurl}, else {@code url}) without user or password. */
  public String pushHost() {
    try {
      RemoteConfig rc = new RemoteConfig(repo.getConfig(), remote.orElse("origin"));
      List<URIish> uris = rc.getPushURIs().isEmpty() ? rc.getURIs() : rc.getPushURIs();
      return uris.isEmpty() ? remote.orElse("origin") : Transports.safeHost(uris.get(0));
    } catch (URISyntaxException e) {
      return remote.orElse("origin");
    }
  }

  /** The remote's address without user or password, for messages. */
  public String remoteHost() {
    try {
      RemoteConfig rc = new RemoteConfig(repo.getConfig(), remote.orElse("origin"));
      return rc.getURIs().isEmpty()
          ? remote.orElse("origin")
          : Transports.safeHost(rc.getURIs().get(0));
    } catch (URISyntaxException e) {
      return remote.orElse("origin");
    }
  }
}

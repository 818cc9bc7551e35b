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

  /** Opens a transport to the remote, configured and with credentials. */
  public Transport openTransport() throws IOException, URISyntaxException {
    checkTransport("pushing to");
    Transport t = Transport.open(repo, remote.orElseThrow());
    transportConfig().configure(t);
    t.setCredentialsProvider(credentials());
    return t;
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

package dev.gitops.promotion.git.internal;

import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.SafeText;
import java.util.Locale;
import java.util.function.Supplier;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.URIish;

/** Credentials, transport set-up and error mapping for clone, fetch and push. */
public final class Transports {
  private Transports() {}

  /**
   * A credentials provider answering with this user and a token read only when a server asks (an
   * SSH or local remote never does, so a missing token cannot fail them), or null.
   */
  public static CredentialsProvider credentials(String username, Supplier<String> token) {
    if (username == null) {
      return null;
    }
    return new CredentialsProvider() {
      @Override
      public boolean isInteractive() {
        return false;
      }

      @Override
      public boolean supports(CredentialItem... items) {
        for (CredentialItem item : items) {
          if (!(item instanceof CredentialItem.Username)
              && !(item instanceof CredentialItem.Password)) {
            return false;
          }
        }
        return true;
      }

      @Override
      public boolean get(URIish uri, CredentialItem... items) {
        for (CredentialItem item : items) {
          if (item instanceof CredentialItem.Username u) {
            u.setValue(username);
          } else if (item instanceof CredentialItem.Password p) {
            p.setValueNoCopy(token.get().toCharArray());
          } else {
            return false;
          }
        }
        return true;
      }

      @Override
      public String toString() {
        return "credentials[user=" + username + ", token=***]";
      }
    };
  }

  /** A provider that answers every password or string prompt with {@code secret}. */
  public static CredentialsProvider passphrase(char[] secret) {
    return new CredentialsProvider() {
      @Override
      public boolean isInteractive() {
        return false;
      }

      @Override
      public boolean supports(CredentialItem... items) {
        return true;
      }

      @Override
      public boolean get(URIish uri, CredentialItem... items) {
        for (CredentialItem item : items) {
          if (item instanceof CredentialItem.CharArrayType c) {
            c.setValueNoCopy(secret.clone());
          } else if (item instanceof CredentialItem.StringType s) {
            s.setValue(new String(secret));
          } else if (item instanceof CredentialItem.YesNoType y) {
            y.setValue(true);
          } else {
            return false;
          }
        }
        return true;
      }
    };
  }

  /**
   * Sets the timeout and, on an SSH transport, the session factory {@code ssh} supplies (JGit's
   * default when it supplies null); {@code ssh} is asked only for SSH transports.
   */
  public static TransportConfigCallback configure(
      int timeoutSeconds, Supplier<SshSessionFactory> ssh) {
    return t -> {
      t.setTimeout(timeoutSeconds);
      if (t instanceof SshTransport s) {
        SshSessionFactory factory = ssh.get();
        if (factory != null) {
          s.setSshSessionFactory(factory);
        }
      }
    };
  }

  /** The remote's address without user or password, safe in messages. */
  public static String safeHost(URIish uri) {
    if (uri == null) {
      return "(unknown remote)";
    }
    // user and password dropped, and the text passed through the one redaction (SafeText), which
    // also catches credentials hidden where URIish does not parse them (a path, a query)
    return dev.gitops.promotion.SafeText.forDisplay(uri.setUser(null).setPass(null).toString());
  }

  /** Maps a transport failure to the core's typed error. */
  public static RemoteUnavailableException unavailable(String what, String host, Exception e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    boolean auth =
        m.contains("not authorized")
            || m.contains("authentication")
            || m.contains("auth fail")
            || m.contains("401")
            || m.contains("403");
    boolean missing =
        m.contains("not found")
            || m.contains("does not appear to be a git repository")
            || m.contains("repository not found")
            || m.contains("invalid remote");
    boolean retryable = !auth && !missing;
    String advice =
        auth
            ? "check the token or key and its access to the repository"
            : missing ? "check the remote's address" : "the remote may be down; try again";
    return new RemoteUnavailableException(
        host,
        -1,
        retryable,
        what + " " + host + " failed: " + SafeText.redactUrls(e.getMessage()) + " (" + advice + ")",
        e);
  }
}

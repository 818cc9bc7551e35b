package dev.gitops.promotion.github;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.SafeText;
import dev.gitops.promotion.http.PemKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A GitHub App's credentials: its id (or client id), its private key, and optionally the id of its
 * installation on the repository (looked up through {@code GET /repos/{owner}/{repo}/installation}
 * when absent). The host signs a JWT with the key (RS256, nine minutes), exchanges it for an
 * installation token, and fetches a new one a minute before the old one expires. {@code toString}
 * shows the ids only, never the key.
 */
public final class GitHubApp {
  private final String appId;
  private final PrivateKey privateKey;
  private final OptionalLong installationId;

  private GitHubApp(String appId, PrivateKey privateKey, OptionalLong installationId) {
    this.appId = appId;
    this.privateKey = privateKey;
    this.installationId = installationId;
  }

  /**
   * An App from its private key as PEM ({@code RSA PRIVATE KEY} as GitHub hands it out, or PKCS#8).
   *
   * @param appId the App's numeric id or its client id ({@code Iv1...})
   * @param privateKeyPem the key
   * @param installationId the installation on the repository, or empty to look it up
   * @throws InvalidInputException when the id is blank or the key cannot be read
   */
  public static GitHubApp of(String appId, String privateKeyPem, OptionalLong installationId) {
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    Objects.requireNonNull(installationId, "installationId");
    if (appId == null || appId.isBlank() || SafeText.hasControls(appId)) {
      throw new InvalidInputException("a GitHub App id must not be blank");
    }
    PrivateKey key = PemKeys.privateKey(privateKeyPem, "the GitHub App's private key");
    if (!key.getAlgorithm().equals("RSA")) {
      throw new InvalidInputException(
          "the GitHub App's private key must be an RSA key, not " + key.getAlgorithm());
    }
    return new GitHubApp(appId.strip(), key, installationId);
  }

  /**
   * An App whose private key is read from {@code keyFile}.
   *
   * @throws InvalidInputException when the file cannot be read (naming the file, never its content)
   */
  public static GitHubApp fromKeyFile(String appId, Path keyFile, OptionalLong installationId) {
    String pem;
    try {
      pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(
          "cannot read the GitHub App's private key file "
              + keyFile
              + ": "
              + e.getClass().getSimpleName());
    }
    return of(appId, pem, installationId);
  }

  /** The App's id or client id. */
  public String appId() {
    return appId;
  }

  /** The installation, when given. */
  public OptionalLong installationId() {
    return installationId;
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  /** The ids only. */
  @Override
  public String toString() {
    return "GitHubApp[id "
        + appId
        + (installationId.isPresent() ? ", installation " + installationId.getAsLong() : "")
        + ", key ***]";
  }
}

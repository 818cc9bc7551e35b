package dev.gitops.promotion.github;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.github.internal.RemoteUrls;
import dev.gitops.promotion.spi.AdapterContext;
import dev.gitops.promotion.spi.AdapterSpec;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.spi.ChangeRequestHostProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Builds the {@link GitHubHost} that {@code promotion.yaml} declares:
 *
 * <pre>{@code
 * host:
 *   kind: github
 *   repository: myorg/gitops-config      # default: from the config repository's remote URL
 *   apiUrl: https://ghe.example/api/v3   # default: api.github.com, or https://HOST/api/v3 for
 *                                        #   a remote on another host
 *   mergeMethod: squash                  # merge (default), squash or rebase
 *   labels: [automated]                  # added to every pull request (besides promotion, env/ENV)
 *   reviewers: [alice]                   # asked to review every pull request
 *   teamReviewers: [oncall-approvers]    # team slugs of the repository's organization
 *   draft: false                         # open every pull request as a draft
 *   autoMerge: false                     # turn on GitHub's auto-merge (require promotion/gates!)
 * }</pre>
 *
 * <p>Credentials come from the environment, never from the file: a token in {@code GITHUB_TOKEN} or
 * else {@code GH_TOKEN} (or the variable {@code tokenVariable} names), read when the first request
 * needs it; or a GitHub App, when {@code appId} (setting) or {@code GITHUB_APP_ID} is set, with its
 * private key in the file {@code appPrivateKeyFile} or {@code GITHUB_APP_PRIVATE_KEY_FILE} names
 * and optionally {@code appInstallationId} or {@code GITHUB_APP_INSTALLATION_ID}. Other settings:
 * {@code allowPlainHttp} (a lab GHES over http), {@code userAgent}.
 */
public final class GitHubHostProvider implements ChangeRequestHostProvider {
  /** The settings {@code host: {kind: github}} takes. */
  public static final List<String> SETTINGS =
      List.of(
          "repository",
          "apiUrl",
          "mergeMethod",
          "tokenVariable",
          "appId",
          "appInstallationId",
          "appPrivateKeyFile",
          "allowPlainHttp",
          "userAgent",
          "labels",
          "reviewers",
          "teamReviewers",
          "draft",
          "autoMerge");

  /** For {@link java.util.ServiceLoader}. */
  public GitHubHostProvider() {}

  @Override
  public String kind() {
    return "github";
  }

  @Override
  public ChangeRequestHost create(AdapterSpec spec, AdapterContext context) {
    spec.requireOnly(SETTINGS);
    Optional<RemoteUrls.Remote> remote = context.remoteUrl().flatMap(RemoteUrls::parse);
    String repository =
        spec.string("repository")
            .or(() -> remote.map(r -> r.owner() + "/" + r.name()))
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "github needs 'repository: owner/name' (the config repository's remote"
                            + " URL does not name a GitHub repository)",
                        spec.location(),
                        null));
    GitHubHost.Builder b;
    try {
      b =
          GitHubHost.builder()
              .repository(repository)
              .clock(context.clock())
              .sleeper(context.sleeper());
      b.apiUrl(
          spec.string("apiUrl")
              .or(() -> remote.map(RemoteUrls.Remote::apiUrl))
              .orElse(GitHubHost.PUBLIC_API));
      spec.string("mergeMethod").map(GitHubHost.MergeMethod::parse).ifPresent(b::mergeMethod);
      spec.bool("allowPlainHttp").ifPresent(b::allowPlainHttp);
      spec.string("userAgent").ifPresent(b::userAgent);
      b.labels(spec.strings("labels"));
      b.reviewers(spec.strings("reviewers"));
      b.teamReviewers(spec.strings("teamReviewers"));
      spec.bool("draft").ifPresent(b::draft);
      spec.bool("autoMerge").ifPresent(b::autoMerge);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(e.getMessage(), spec.location(), e);
    }
    Optional<String> appId =
        spec.string("appId").or(() -> context.environmentVariable("GITHUB_APP_ID"));
    if (appId.isPresent()) {
      String keyFile =
          spec.string("appPrivateKeyFile")
              .or(() -> context.environmentVariable("GITHUB_APP_PRIVATE_KEY_FILE"))
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "github App "
                              + appId.get()
                              + " needs its private key: set GITHUB_APP_PRIVATE_KEY_FILE (or"
                              + " 'appPrivateKeyFile') to the .pem file GitHub gave you",
                          spec.location(),
                          null));
      OptionalLong installation = OptionalLong.empty();
      Optional<String> inst =
          spec.string("appInstallationId")
              .or(() -> context.environmentVariable("GITHUB_APP_INSTALLATION_ID"));
      if (inst.isPresent()) {
        if (!inst.get().strip().matches("[0-9]{1,18}")) {
          throw new InvalidInputException(
              "github appInstallationId must be a number", spec.location(), null);
        }
        installation = OptionalLong.of(Long.parseLong(inst.get().strip()));
      }
      b.app(GitHubApp.fromKeyFile(appId.get(), Path.of(keyFile), installation));
    } else {
      List<String> variables =
          spec.string("tokenVariable").map(List::of).orElse(List.of("GITHUB_TOKEN", "GH_TOKEN"));
      b.token(
          () ->
              variables.stream()
                  .map(context::environmentVariable)
                  .flatMap(Optional::stream)
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new InvalidInputException(
                              "no GitHub credentials: set "
                                  + String.join(" or ", variables)
                                  + " to a token, or GITHUB_APP_ID and"
                                  + " GITHUB_APP_PRIVATE_KEY_FILE for a GitHub App",
                              spec.location(),
                              null)));
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "GitHubHostProvider[github]";
  }
}

package dev.gitops.promotion.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.PendingPromotion;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionLookup;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.git.GitOptions;
import dev.gitops.promotion.git.JGitConfigRepository;
import dev.gitops.promotion.git.TokenSource;
import dev.gitops.promotion.git.config.GateFactory;
import dev.gitops.promotion.git.config.PromotionConfig;
import dev.gitops.promotion.spi.ChangeRequestHost;
import dev.gitops.promotion.testkit.FakeChangeRequestHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of docs/git.md, compiled and run: a CI job opens a change request from one clone, a
 * later job finds it from another clone and merges it. Every region between {@code // docs: begin}
 * and {@code // docs: end} must appear in docs/git.md as it is written here.
 */
class GitGuideExampleTest {
  static final String DIGEST =
      "sha256:3f1c0de12345678901234567890abcdefabcdefabcdefabcdefabcdef0123456";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path tmp;

  @Test
  void aCiJobOpensAndALaterJobMerges() throws Exception {
    Path remote = seedRemote();
    ChangeRequestHost github = host(remote);

    // docs: begin ci-job
    GitOptions options =
        GitOptions.builder()
            .tokenSource(TokenSource.environment("CONFIG_REPO_TOKEN")) // HTTPS remotes only
            .build();
    try (JGitConfigRepository repo =
        JGitConfigRepository.cloneOf(remote.toUri().toString(), tmp.resolve("ci"), options)) {
      Promoter promoter =
          PromotionConfig.load(repo) // promotion.yaml, or the seed layout discovered
              .promoterBuilder(repo, GateFactory.builtIn())
              .changeRequestHost(github) // e.g. promotion-github's host
              .clock(Clock.systemUTC())
              .build();
      ImageReference image = ImageReference.parse("ghcr.io/myorg/api-service@" + DIGEST);
      Actor ci = Actor.bot("CI Bot", "ci-bot@myorg.com");
      promoter.promote(PromotionRequest.of("api-service", image, "dev", ci)); // a commit, pushed
      PromotionResult opened =
          promoter.promote(
              PromotionRequest.of(
                  "api-service", image, "staging", Actor.parse("Ada <ada@myorg.com>")));
      System.out.println(opened.changeRequest().orElseThrow().url()); // branch pushed, PR open
    }
    // docs: end ci-job

    approveEverything(github);

    // docs: begin later-job
    try (JGitConfigRepository repo =
        JGitConfigRepository.cloneOf(remote.toUri().toString(), tmp.resolve("later"), options)) {
      Promoter promoter =
          PromotionConfig.load(repo)
              .promoterBuilder(repo, GateFactory.builtIn())
              .changeRequestHost(github)
              .clock(Clock.systemUTC())
              .build();
      Optional<PendingPromotion> pending =
          promoter.find(PromotionLookup.byTarget("staging", "api-service"));
      // or PromotionLookup.parse("prm-..."), .parse("#42"), .byBranch("promote/staging/...")
      PromotionResult result = promoter.advance(pending.orElseThrow());
      switch (result.outcome()) {
        case MERGED -> System.out.println("merged as " + result.commit().orElseThrow());
        case WAITING, BLOCKED -> System.out.println(result.verdict().orElseThrow().reasons());
        default -> System.out.println(result.outcome());
      }
    }
    // docs: end later-job

    assertThat(git(remote, "log", "-1", "--format=%s", "main"))
        .startsWith("chore(staging): promote api-service to sha256:3f1c0de12345");
    assertThat(git(remote, "branch", "--list", "promote/*")).isEmpty();
    assertThat(git(remote, "log", "-1", "--format=%(trailers:key=Approved-By,valueonly)", "main"))
        .contains("grace");
  }

  @Test
  void everyExampleRegionAppearsInTheGuide() throws IOException {
    String guide = Files.readString(repoRoot().resolve("docs/git.md"), StandardCharsets.UTF_8);
    String source =
        Files.readString(
            repoRoot()
                .resolve(
                    "promotion-examples/src/test/java/dev/gitops/promotion/examples/guide/"
                        + "GitGuideExampleTest.java"));
    Matcher m =
        Pattern.compile("// docs: begin (\\S+)\\n(.*?)\\n\\s*// docs: end \\1", Pattern.DOTALL)
            .matcher(source);
    List<String> regions = new ArrayList<>();
    while (m.find()) {
      regions.add(m.group(1));
      assertThat(guide).as("docs/git.md holds region " + m.group(1)).contains(dedent(m.group(2)));
    }
    assertThat(regions).containsExactly("ci-job", "later-job");
  }

  private static String dedent(String block) {
    List<String> lines = block.lines().toList();
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return String.join(
        "\n", lines.stream().map(l -> l.length() >= indent ? l.substring(indent) : l).toList());
  }

  private static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.exists(p.resolve("docs"))) {
      p = p.getParent();
    }
    return p;
  }

  // the host sees the remote itself, as GitHub sees its own repository
  private ChangeRequestHost host(Path remote) {
    return FakeChangeRequestHost.over(JGitConfigRepository.open(remote), CLOCK);
  }

  private static void approveEverything(ChangeRequestHost host) {
    FakeChangeRequestHost fake = (FakeChangeRequestHost) host;
    fake.open().forEach(cr -> fake.approve(cr.id(), "grace"));
  }

  private Path seedRemote() throws Exception {
    Path work = tmp.resolve("seed");
    git(tmp, "init", "-q", "-b", "main", work.toString());
    for (String env : List.of("dev", "staging", "production")) {
      Path f = work.resolve("apps/api-service/overlays/" + env + "/kustomization.yaml");
      Files.createDirectories(f.getParent());
      Files.writeString(
          f,
          "resources:\n- ../../base\nimages:\n- name: ghcr.io/myorg/api-service\n"
              + "  newTag: sha-abc1234\n");
    }
    git(work, "add", "-A");
    git(
        work,
        "-c",
        "user.name=Platform",
        "-c",
        "user.email=platform@myorg.com",
        "commit",
        "-qm",
        "seed layout");
    Path bare = tmp.resolve("gitops-config.git");
    git(tmp, "clone", "-q", "--bare", work.toString(), bare.toString());
    return bare;
  }

  private static String git(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("git " + args[0] + " failed: " + out);
    }
    return out;
  }
}

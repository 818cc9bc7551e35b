package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.Actor;
import dev.gitops.promotion.Explanation;
import dev.gitops.promotion.GateExplanation;
import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.NotPermittedException;
import dev.gitops.promotion.Promoter;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.PromotionRequest;
import dev.gitops.promotion.PromotionResult;
import dev.gitops.promotion.git.GitOptions;
import dev.gitops.promotion.git.JGitConfigRepository;
import dev.gitops.promotion.git.config.GateFactory;
import dev.gitops.promotion.git.config.PromotionConfig;
import dev.gitops.promotion.spi.BranchProtection;
import dev.gitops.promotion.spi.ChangeRequest;
import dev.gitops.promotion.spi.Check;
import dev.gitops.promotion.spi.OverlayFormat;
import dev.gitops.promotion.spi.Revision;
import dev.gitops.promotion.testkit.FakeChangeRequestHost;
import dev.gitops.promotion.testkit.FakeGitOpsAgent;
import dev.gitops.promotion.testkit.ManualClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The offline demo: one digest from dev to production in a real Git repository.
 *
 * <ol>
 *   <li>The platform team creates a config repository in the seed's layout (a bare remote) with a
 *       {@code promotion.yaml}; the demo works in a clone of it.
 *   <li>The CI bot commits a new digest straight to dev.
 *   <li>A person promotes it to staging through a change request on the simulated host: a branch
 *       and a commit in the real repository; smoke tests report green; it merges into main.
 *   <li>The CI bot tries production and is refused.
 *   <li>A person promotes it to production: smoke tests and two approvals, then the merge.
 *   <li>The state table and {@code git log} of the production overlay, from Git alone.
 * </ol>
 *
 * <p>Times come from a manual clock starting at 2026-11-01T09:00Z, so the output is the same on
 * every run apart from the temporary paths.
 */
final class Demo {
  static final String APP = "api-service";
  static final String IMAGE = "ghcr.io/myorg/api-service";
  static final String PRODUCTION_OVERLAY =
      "apps/api-service/overlays/production/kustomization.yaml";
  static final Actor CI = Actor.bot("CI Bot", "ci-bot@myorg.com");
  static final Actor ADA = Actor.human("Ada Lovelace", "ada@myorg.com");
  static final Actor PLATFORM = Actor.human("Platform Team", "platform@myorg.com");
  static final Instant START = Instant.parse("2026-11-01T09:00:00Z");
  private static final DateTimeFormatter HHMM =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  private final PrintWriter out;
  private final Path dir;
  private final boolean gitCli;
  private final ManualClock clock = ManualClock.at(START);

  Demo(PrintWriter out, Path dir, boolean gitCli) {
    this.out = out;
    this.dir = dir;
    this.gitCli = gitCli;
  }

  /** A digest that looks like a build's: the SHA-256 of {@code seed}. */
  static ImageDigest digestOf(String seed) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      return ImageDigest.parse("sha256:" + HexFormat.of().formatHex(hash));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  int run() {
    ImageDigest running = digestOf("api-service build 41");
    ImageDigest built = digestOf("api-service build 42");
    ImageReference image = ImageReference.parse(IMAGE).withDigest(built);
    Path remote = dir.resolve("gitops-config.git");
    Path clone = dir.resolve("clone.git");

    out.println("== promotion demo: one digest from dev to production, every move a Git change ==");
    out.println();
    createRemote(remote, running);
    out.println("config repository (bare remote): " + remote);
    try (JGitConfigRepository repo =
        JGitConfigRepository.cloneOf(remote.toUri().toString(), clone, GitOptions.defaults())) {
      out.println("working clone:                   " + clone);
      PromotionConfig config = PromotionConfig.load(repo);
      FakeChangeRequestHost host =
          FakeChangeRequestHost.over(repo, clock)
              .protect(
                  "main",
                  BranchProtection.builder()
                      .addRequiredChecks("smoke-tests")
                      .requireCodeOwnerReview(true)
                      .build())
              .codeOwners("/apps/*/overlays/production/", "@myorg/prod-owners")
              .team("@myorg/prod-owners", "bob", "carol");
      // the gates come from promotion.yaml, built by the library's built-in gate factory
      Promoter withoutAgent =
          config
              .promoterBuilder(repo, GateFactory.builtIn())
              .changeRequestHost(host)
              .clock(clock)
              .build();
      FakeGitOpsAgent agent =
          FakeGitOpsAgent.builder()
              .repository(repo)
              .clock(clock)
              .pipeline(withoutAgent.pipeline())
              .addApplications(List.copyOf(withoutAgent.model().applications().values()))
              .addOverlayFormats(
                  withoutAgent.model().overlayFormats().values().toArray(OverlayFormat[]::new))
              .syncDelay(Duration.ofSeconds(30))
              .rolloutDuration(Duration.ofSeconds(45))
              .build();
      Promoter promoter = withoutAgent.newBuilder().gitOpsAgent(agent).build();
      out.println("pipeline: " + promoter.pipeline() + "  (" + config.source() + ")");
      out.println(
          "simulated host: main requires the smoke-tests check, and a code owner"
              + " (@myorg/prod-owners: bob, carol) for production overlays;"
              + " a simulated agent syncs each commit after 30 s");
      out.println();

      // 1. CI commits the new digest to dev
      say(CI.name() + " built " + image + " and commits it to dev");
      PromotionResult dev =
          promoter.promote(request(image, "dev", CI, "CI build 42 of myorg/api-service"));
      landed(dev);

      // 2. staging, through a change request
      clock.advance(Duration.ofMinutes(10));
      say(ADA.name() + " promotes it to staging");
      PromotionResult staging =
          promoter.promote(request(image, "staging", ADA, "Build 42 for staging."));
      ChangeRequest cr = opened(staging);
      advance(promoter, staging);
      clock.advance(Duration.ofMinutes(4));
      host.reportCheck(cr.id(), "smoke-tests", Check.State.SUCCESS);
      say("CI reports smoke-tests: SUCCESS on " + cr.headRevision().abbreviated());
      landed(advance(promoter, staging));

      // 3. the bot tries production
      clock.advance(Duration.ofMinutes(15));
      say(CI.name() + " tries to promote it to production");
      Revision productionBefore = repo.head("main").orElseThrow();
      try {
        promoter.promote(request(image, "production", CI, "Automatic promotion."));
        throw new IllegalStateException("the access policy let a bot into production");
      } catch (NotPermittedException e) {
        out.println("        REFUSED (" + e.rule() + "): " + e.getMessage());
        out.println(
            "        nothing was written: main is still at "
                + repo.head("main").orElseThrow().abbreviated()
                + (repo.head("main").orElseThrow().equals(productionBefore) ? "" : " (MOVED!)"));
      }

      // 4. production, through a reviewed change request
      clock.advance(Duration.ofMinutes(5));
      say(ADA.name() + " promotes it to production");
      PromotionResult production =
          promoter.promote(request(image, "production", ADA, "Release build 42 to production."));
      ChangeRequest prodCr = opened(production);
      advance(promoter, production);
      out.println("        why it waits (promotion gates --app " + APP + " --env production):");
      explain(promoter, production);
      clock.advance(Duration.ofMinutes(4));
      host.reportCheck(prodCr.id(), "smoke-tests", Check.State.SUCCESS);
      say("CI reports smoke-tests: SUCCESS on " + prodCr.headRevision().abbreviated());
      clock.advance(Duration.ofMinutes(3));
      host.approve(prodCr.id(), "bob");
      say("bob approves change request #" + prodCr.id());
      advance(promoter, production);
      clock.advance(Duration.ofMinutes(2));
      host.approve(prodCr.id(), "carol");
      say("carol approves change request #" + prodCr.id());
      landed(advance(promoter, production));
      host.assertNoOpenChangeRequests();

      // 5. what runs where, from Git alone
      out.println();
      out.println("== state of every environment (read back from Git) ==");
      List<PromotionRecord> state = promoter.state();
      out.print(Records.stateTable(state, promoter.pipeline()));
      out.println();
      out.println("== git log --oneline -- " + PRODUCTION_OVERLAY + " ==");
      out.print(log(remote));
      out.println();
      PromotionRecord prod = promoter.current("production", APP).orElseThrow();
      out.println("== the production promotion commit " + prod.commit().abbreviated() + " ==");
      repo.commitInfo(prod.commit())
          .message()
          .lines()
          .forEach(l -> out.println(l.isEmpty() ? "" : "  " + l));
      out.println();
      out.println(
          "Look around: java -jar promotion-examples/target/promotion.jar status --repo " + remote);
      out.flush();
      return CliErrors.OK;
    }
  }

  private PromotionRequest request(ImageReference image, String env, Actor actor, String reason) {
    return PromotionRequest.builder()
        .putImages(APP, image)
        .targetEnvironment(env)
        .actor(actor)
        .reason(reason)
        .build();
  }

  private void say(String line) {
    out.println("[" + HHMM.format(clock.instant()) + "] " + line);
  }

  private void landed(PromotionResult r) {
    if (!r.landed()) {
      throw new IllegalStateException(
          "expected the promotion to land, got "
              + r.outcome()
              + r.verdict().map(v -> ": " + v).orElse(""));
    }
    Revision commit = r.commit().orElseThrow();
    String how =
        r.outcome() == PromotionResult.Outcome.MERGED
            ? "merged change request #" + r.changeRequest().orElseThrow().id() + " into main as "
            : "committed to main as ";
    out.println(
        "        " + how + commit.abbreviated() + ": " + r.plan().commitMessage().subject());
  }

  private ChangeRequest opened(PromotionResult r) {
    ChangeRequest cr =
        r.changeRequest()
            .orElseThrow(
                () -> new IllegalStateException("no change request opened: " + r.outcome()));
    out.println(
        "        opened change request #"
            + cr.id()
            + " "
            + cr.sourceBranch()
            + " -> "
            + cr.targetBranch()
            + " (head "
            + cr.headRevision().abbreviated()
            + "): "
            + cr.title());
    return cr;
  }

  private void explain(Promoter promoter, PromotionResult opened) {
    Explanation e = promoter.explain(opened.plan().request());
    for (GateExplanation g : e.gates()) {
      out.println(
          "          "
              + g.gate()
              + ": "
              + g.verdict().status()
              + (g.stillNeeded().isEmpty()
                  ? ""
                  : " (still needed: " + String.join(", ", g.stillNeeded()) + ")"));
    }
  }

  private PromotionResult advance(Promoter promoter, PromotionResult opened) {
    PromotionResult r = promoter.advance(opened.plan());
    if (r.outcome() != PromotionResult.Outcome.MERGED) {
      out.println(
          "        gates: "
              + r.outcome()
              + r.verdict().map(v -> " (" + String.join("; ", v.reasons()) + ")").orElse(""));
    }
    return r;
  }

  // The platform team's first commit: the seed layout with a pipeline file, pushed to a bare
  // remote.
  private void createRemote(Path remote, ImageDigest running) {
    Path work = dir.resolve("platform-team");
    try {
      Git.init()
          .setBare(true)
          .setDirectory(remote.toFile())
          .setInitialBranch("main")
          .call()
          .close();
      try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
        write(work, "promotion.yaml", pipelineFile());
        write(
            work,
            "apps/api-service/base/kustomization.yaml",
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n  - service.yaml\n");
        write(work, "apps/api-service/base/deployment.yaml", deployment());
        write(
            work,
            "apps/api-service/base/service.yaml",
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: api-service\nspec:\n  selector:\n    app: api-service\n  ports:\n    - port: 80\n      targetPort: 8080\n");
        int[] replicas = {1, 2, 6};
        String[] envs = {"dev", "staging", "production"};
        for (int i = 0; i < envs.length; i++) {
          write(
              work,
              "apps/api-service/overlays/" + envs[i] + "/kustomization.yaml",
              overlay(running, replicas[i]));
        }
        git.add().addFilepattern(".").call();
        PersonIdent who =
            new PersonIdent(
                PLATFORM.name(),
                PLATFORM.email(),
                Date.from(START.minus(Duration.ofHours(1))),
                TimeZone.getTimeZone(ZoneOffset.UTC));
        git.commit()
            .setMessage("Seed the config repository: api-service in dev, staging and production\n")
            .setAuthor(who)
            .setCommitter(who)
            .setSign(false)
            .call();
        git.remoteAdd()
            .setName("origin")
            .setUri(new org.eclipse.jgit.transport.URIish(remote.toUri().toString()))
            .call();
        git.push().setRemote("origin").add("main").call();
      }
    } catch (GitAPIException | java.net.URISyntaxException e) {
      throw new IllegalStateException(
          "cannot create the demo repository in " + dir + ": " + e.getMessage(), e);
    }
  }

  private String log(Path remote) {
    if (gitCli) {
      try {
        Process p =
            new ProcessBuilder(
                    "git", "--git-dir=" + remote, "log", "--oneline", "--", PRODUCTION_OVERLAY)
                .redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return text;
        }
      } catch (IOException e) {
        // no git on PATH: fall back to JGit below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Git git = Git.open(remote.toFile())) {
      StringBuilder sb = new StringBuilder();
      List<RevCommit> commits = new ArrayList<>();
      git.log().addPath(PRODUCTION_OVERLAY).call().forEach(commits::add);
      for (RevCommit c : commits) {
        sb.append(c.abbreviate(7).name()).append(' ').append(c.getShortMessage()).append('\n');
      }
      return sb.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(Path root, String path, String content) {
    try {
      Path file = root.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String pipelineFile() {
    return """
        # The promotion pipeline of this config repository (see docs/pipeline-file.md).
        environments:
          - name: dev
            delivery: direct            # CI commits new digests here
          - name: staging
            delivery: change-request
            gates:
              - {name: required-checks, checks: [smoke-tests]}
              - upstream-healthy        # the agent reports dev synced and healthy
          - name: production
            delivery: change-request
            gates:
              - {name: required-checks, checks: [smoke-tests]}
              - {name: approvals, count: 2, codeOwners: true}
              - upstream-healthy
              - {name: soak, duration: 15m}   # measured from the ledger and the agent
        applications:
          - name: api-service
            image: ghcr.io/myorg/api-service
        access:
          bots: [ci-bot@myorg.com]      # counts as a bot whatever it claims
        """;
  }

  private static String deployment() {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api-service
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: api-service
          template:
            metadata:
              labels:
                app: api-service
            spec:
              containers:
                - name: api-service
                  image: ghcr.io/myorg/api-service:placeholder
                  ports:
                    - containerPort: 8080
        """;
  }

  private static String overlay(ImageDigest digest, int replicas) {
    return """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - ../../base
        images:
          - name: ghcr.io/myorg/api-service
            digest: %s
        patches:
          - patch: |-
              - op: replace
                path: /spec/replicas
                value: %d
            target:
              kind: Deployment
              name: api-service
        """
        .formatted(digest, replicas);
  }
}

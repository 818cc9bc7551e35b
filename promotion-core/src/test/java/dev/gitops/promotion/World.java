package dev.gitops.promotion;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small pipeline over the test repository: apps x {dev, staging, production}, all direct. */
final class World {
  static final List<String> ENVS = List.of("dev", "staging", "production");
  static final Actor ADA = Actor.human("Ada", "ada@myorg.com");
  static final Actor BOT = Actor.bot("CI Bot", "ci-bot@myorg.com");

  final MemoryRepository repo;
  final Promoter promoter;
  final List<Application> apps = new ArrayList<>();

  World(int appCount, Delivery stagingAndProduction) {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < appCount; i++) {
      String name = "app" + i;
      Application.Builder b =
          Application.builder().name(name).imageRepository("ghcr.io/myorg/" + name);
      for (String env : ENVS) {
        String path = "apps/" + name + "/overlays/" + env + "/images.txt";
        files.put(path, "# images of " + name + " in " + env + "\n");
        b.putLocations(env, OverlayLocation.of(path, "lines"));
      }
      if (i > 0) {
        b.addDependsOn("app" + (i - 1));
      }
      apps.add(b.build());
    }
    repo = new MemoryRepository("main", files);
    Pipeline pipeline =
        Pipeline.chain(
            Environment.of("dev", Delivery.DIRECT_COMMIT),
            Environment.of("staging", stagingAndProduction),
            Environment.of("production", stagingAndProduction));
    promoter =
        Promoter.builder()
            .pipeline(pipeline)
            .addApplications(apps)
            .configRepository(repo)
            .addOverlayFormats(new LineFormat())
            .clock(Clock.fixed(Instant.parse("2026-11-01T09:00:00Z"), ZoneOffset.UTC))
            .build();
  }

  static ImageReference image(String app, ImageDigest digest) {
    return ImageReference.parse("ghcr.io/myorg/" + app).withDigest(digest);
  }

  PromotionRequest request(String app, ImageDigest digest, String env, Actor actor) {
    return PromotionRequest.of(app, image(app, digest), env, actor);
  }
}

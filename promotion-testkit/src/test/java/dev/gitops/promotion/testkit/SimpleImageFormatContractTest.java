package dev.gitops.promotion.testkit;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import java.util.List;

class SimpleImageFormatContractTest extends OverlayFormatContract {
  @Override
  protected OverlayFormat subject() {
    return SimpleImageFormat.create();
  }

  @Override
  protected String fileSetting(ImageReference image) {
    return "# api-service in staging\n\nimage: " + image + "\n# other images\nimage: redis:7.4\n";
  }

  @Override
  protected List<OverlayFile> malformedFiles() {
    return List.of(
        new OverlayFile("bad/key.txt", "# ok\nimages: ghcr.io/myorg/api-service\n"),
        new OverlayFile("bad/reference.txt", "image: ghcr.io/myorg/API-service:@@\n"),
        new OverlayFile("bad/empty-value.txt", "image:\n"),
        new OverlayFile(
            "bad/twice.txt",
            "image: ghcr.io/myorg/api-service:1\nimage: ghcr.io/myorg/api-service:2\n"),
        new OverlayFile("bad/indented.txt", "  image: ghcr.io/myorg/api-service:1\n"));
  }
}

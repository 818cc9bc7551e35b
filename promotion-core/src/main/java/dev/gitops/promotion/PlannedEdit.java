package dev.gitops.promotion;

import java.util.Optional;
import org.immutables.value.Value;

/** One application's image change in one file, with the file's content before and after. */
@Value.Immutable
public abstract class PlannedEdit {

  /** The application. */
  public abstract String application();

  /** Where the image is set. */
  public abstract OverlayLocation location();

  /** The image set there now, if any. */
  public abstract Optional<ImageReference> fromImage();

  /** The image it will be. */
  public abstract ImageReference toImage();

  /** The file's content before the edit (empty string when the file is new). */
  public abstract String before();

  /** The file's content after the edit. */
  public abstract String after();

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PlannedEdit}. */
  public static final class Builder extends ImmutablePlannedEdit.Builder {
    Builder() {}
  }
}

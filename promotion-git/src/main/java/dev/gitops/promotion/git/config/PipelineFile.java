package dev.gitops.promotion.git.config;

import dev.gitops.promotion.git.config.internal.PipelineFileParser;

/**
 * The parser of {@code promotion.yaml}, the declarative pipeline file; the format is described in
 * docs/pipeline-file.md. Pure: text in, values out.
 *
 * <pre>{@code
 * PromotionConfig config = PipelineFile.parse("promotion.yaml", Files.readString(file));
 * }</pre>
 */
public final class PipelineFile {
  private PipelineFile() {}

  /**
   * Parses a pipeline file whose environments live on {@code main} unless it says otherwise. The
   * applications are those the file declares (none when it has no {@code applications} section;
   * {@link PromotionConfig#load} discovers them from the repository in that case).
   *
   * @param fileName the name used in error locations, usually {@code promotion.yaml}
   * @param content the file's content
   * @throws dev.gitops.promotion.InvalidInputException as {@code file:line:col: problem; expected
   *     shape}, with {@link dev.gitops.promotion.InvalidInputException#location()} set
   */
  public static PromotionConfig parse(String fileName, String content) {
    return parse(fileName, content, "main");
  }

  /**
   * Like {@link #parse(String, String)}, with {@code defaultBranch} as the branch of environments
   * kept as folders (the branch the file was read from).
   */
  public static PromotionConfig parse(String fileName, String content, String defaultBranch) {
    return PipelineFileParser.parse(fileName, content, defaultBranch).toConfig(fileName);
  }
}

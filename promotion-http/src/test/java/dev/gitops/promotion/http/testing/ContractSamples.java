package dev.gitops.promotion.http.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The sample payloads of one adapter's contract, kept as test resources in a folder named after it
 * ({@code /argocd/}, {@code /flux/}: copies of shared/contracts/&lt;adapter&gt;/samples). Shared by
 * the HTTP adapters' tests through promotion-http's test jar.
 */
public final class ContractSamples {
  /** The mapper the samples are read with; tests read request bodies with it too. */
  public static final ObjectMapper JSON = new ObjectMapper();

  private final String folder;

  private ContractSamples(String folder) {
    this.folder = folder;
  }

  /** The samples of {@code contract} (the resource folder's name, such as {@code argocd}). */
  public static ContractSamples of(String contract) {
    return new ContractSamples("/" + contract + "/");
  }

  /** A sample as a mutable tree, its {@code _note} removed. */
  public ObjectNode load(String name) {
    try (InputStream in = ContractSamples.class.getResourceAsStream(folder + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + folder + name);
      }
      ObjectNode node = (ObjectNode) JSON.readTree(in);
      node.remove("_note");
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One entry of the contract's {@code errors.examples.json}. */
  public ObjectNode error(String key) {
    return (ObjectNode) load("errors.examples.json").get(key);
  }
}

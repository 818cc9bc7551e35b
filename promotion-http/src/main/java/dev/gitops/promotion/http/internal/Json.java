package dev.gitops.promotion.http.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The one Jackson mapper of the module: unknown properties ignored, nulls of records and beans left
 * out when writing (map entries keep theirs, so a JSON merge patch can delete a key).
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
          .build();

  private Json() {}

  /**
   * Why a body could not be read or a value written, in words safe to show: the location and the
   * property path, never the content (Jackson's own messages quote the input).
   */
  public static final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Problem(String safeMessage) {
      super(safeMessage, null, false, false);
    }
  }

  /** {@code value} as JSON bytes. */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new Problem(
          "cannot write a " + value.getClass().getSimpleName() + " as JSON" + where(e));
    }
  }

  /** The body read as one {@code type}. */
  public static <T> T read(byte[] body, Class<T> type) {
    return read(body, MAPPER.constructType(type), type.getSimpleName());
  }

  /** The body read as a JSON array of {@code itemType}. */
  public static <T> List<T> readList(byte[] body, Class<T> itemType) {
    JavaType t = MAPPER.getTypeFactory().constructCollectionType(List.class, itemType);
    return read(body, t, "list of " + itemType.getSimpleName());
  }

  /** The body as a tree, when it is JSON at all. */
  public static Optional<JsonNode> tree(byte[] body) {
    if (body.length == 0) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(MAPPER.readTree(body));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static <T> T read(byte[] body, JavaType type, String what) {
    if (body.length == 0) {
      throw new Problem("the body is empty where a JSON " + what + " was expected");
    }
    try {
      T value = MAPPER.readValue(body, type);
      if (value == null) {
        throw new Problem("the body is JSON null where a " + what + " was expected");
      }
      return value;
    } catch (JsonMappingException e) {
      throw new Problem("the JSON does not fit a " + what + where(e));
    } catch (JsonProcessingException e) {
      throw new Problem("the body is not well-formed JSON" + where(e));
    } catch (IOException e) {
      throw new Problem("the body could not be read as JSON");
    }
  }

  private static String where(JsonProcessingException e) {
    StringBuilder sb = new StringBuilder();
    JsonLocation loc = e.getLocation();
    if (loc != null && loc.getLineNr() > 0) {
      sb.append(" at line ").append(loc.getLineNr()).append(", column ").append(loc.getColumnNr());
    }
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      StringBuilder path = new StringBuilder();
      for (JsonMappingException.Reference r : m.getPath()) {
        if (r.getFieldName() != null) {
          path.append('.').append(r.getFieldName());
        } else if (r.getIndex() >= 0) {
          path.append('[').append(r.getIndex()).append(']');
        }
      }
      if (path.length() > 0) {
        sb.append(" (property ").append(path.charAt(0) == '.' ? path.substring(1) : path);
        sb.append(")");
      }
    }
    return sb.toString();
  }
}

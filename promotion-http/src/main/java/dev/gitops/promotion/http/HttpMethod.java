package dev.gitops.promotion.http;

/** The HTTP methods the client sends. */
public enum HttpMethod {
  /** Reads a resource. Idempotent. */
  GET(true),
  /** Reads a resource's headers only. Idempotent. */
  HEAD(true),
  /** Creates or acts; not idempotent, so never retried once it may have reached the server. */
  POST(false),
  /** Replaces a resource. Idempotent. */
  PUT(true),
  /** Changes part of a resource; not idempotent unless the request says so. */
  PATCH(false),
  /** Removes a resource. Idempotent. */
  DELETE(true);

  private final boolean idempotent;

  HttpMethod(boolean idempotent) {
    this.idempotent = idempotent;
  }

  /**
   * Whether sending the request twice has the same effect as sending it once (RFC 9110 §9.2.2), so
   * that the client may retry it after a timeout or a 502/503/504.
   */
  public boolean isIdempotent() {
    return idempotent;
  }

  /** Whether requests with this method carry a body (POST, PUT, PATCH). */
  boolean requiresBody() {
    return this == POST || this == PUT || this == PATCH;
  }
}

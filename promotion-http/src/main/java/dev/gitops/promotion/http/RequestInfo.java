package dev.gitops.promotion.http;

/**
 * Which request an {@link HttpEventListener} event is about.
 *
 * @param method the HTTP method
 * @param host the host, with its port when not the default, never with user-info
 * @param path the encoded path, without the query string
 * @param attempt 1 for the first attempt of a call, 2 for the first retry, and so on
 */
public record RequestInfo(String method, String host, String path, int attempt) {

  @Override
  public String toString() {
    return method + " " + host + path + " (attempt " + attempt + ")";
  }
}

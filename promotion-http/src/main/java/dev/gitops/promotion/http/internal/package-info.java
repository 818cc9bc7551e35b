/**
 * Implementation details of promotion-http: header parsers (links, challenges, rate limits), the
 * host error-message reader, JSON mapping, PEM and DER decoding, the ETag cache. Not an API: users
 * must not import anything from this package; it changes without notice.
 */
package dev.gitops.promotion.http.internal;

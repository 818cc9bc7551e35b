package dev.gitops.promotion.http.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Just enough DER to read and wrap private keys: tag-length-value, definite lengths only. */
final class Der {
  static final int SEQUENCE = 0x30;
  static final int INTEGER = 0x02;
  static final int OCTET_STRING = 0x04;
  static final int NULL = 0x05;
  static final int OID = 0x06;
  static final int CONTEXT_0 = 0xa0;

  /** One element: its tag, and where its content and the whole element lie in the source. */
  record Tlv(int tag, byte[] src, int start, int contentStart, int end) {
    byte[] content() {
      return Arrays.copyOfRange(src, contentStart, end);
    }

    byte[] encoded() {
      return Arrays.copyOfRange(src, start, end);
    }

    /** The elements inside a constructed element. */
    List<Tlv> children() {
      List<Tlv> out = new ArrayList<>();
      int pos = contentStart;
      while (pos < end) {
        Tlv child = read(src, pos, end);
        out.add(child);
        pos = child.end();
      }
      return out;
    }
  }

  private Der() {}

  /** The element at {@code offset}; it must end by {@code limit}. */
  static Tlv read(byte[] src, int offset, int limit) {
    if (offset + 2 > limit) {
      throw new IllegalArgumentException("truncated DER element");
    }
    int tag = src[offset] & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      throw new IllegalArgumentException("multi-byte DER tags are not supported");
    }
    int pos = offset + 1;
    int first = src[pos++] & 0xff;
    long length;
    if (first < 0x80) {
      length = first;
    } else {
      int n = first & 0x7f;
      if (n == 0 || n > 4 || pos + n > limit) {
        throw new IllegalArgumentException("unsupported DER length");
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        length = (length << 8) | (src[pos++] & 0xff);
      }
    }
    if (pos + length > limit) {
      throw new IllegalArgumentException("DER element longer than its container");
    }
    return new Tlv(tag, src, offset, pos, (int) (pos + length));
  }

  /** The single element that fills {@code src}. */
  static Tlv readWhole(byte[] src) {
    Tlv t = read(src, 0, src.length);
    if (t.end() != src.length) {
      throw new IllegalArgumentException("trailing bytes after the DER element");
    }
    return t;
  }

  /** Encodes one element. */
  static byte[] encode(int tag, byte[]... parts) {
    int len = 0;
    for (byte[] p : parts) {
      len += p.length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(len + 6);
    out.write(tag);
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len);
    } else {
      out.write(0x83);
      out.write(len >> 16);
      out.write(len >> 8);
      out.write(len);
    }
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}

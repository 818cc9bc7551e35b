package dev.gitops.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips and mutations of digests and references, over generated valid inputs. */
class ImageProperties {

  @Property
  void digestRoundTrips(@ForAll("digests") ImageDigest digest) {
    assertThat(ImageDigest.parse(digest.toString())).isEqualTo(digest);
    assertThat(digest.shortForm())
        .startsWith(digest.algorithm() + ":")
        .hasSize(digest.algorithm().length() + 13);
  }

  @Property
  void digestWithOneCharacterUppercasedOrDroppedIsRejected(
      @ForAll("digests") ImageDigest digest, @ForAll("indexes") int index, @ForAll boolean drop) {
    String hex = digest.hex();
    int i = index % hex.length();
    String mutated =
        drop
            ? hex.substring(0, i) + hex.substring(i + 1)
            : hex.substring(0, i) + "G" + hex.substring(i + 1);
    assertThatThrownBy(() -> ImageDigest.parse(digest.algorithm() + ":" + mutated))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(mutated);
  }

  @Property
  void referenceRoundTrips(@ForAll("references") String text) {
    ImageReference ref = ImageReference.parse(text);
    assertThat(ref.toString()).isEqualTo(text);
    assertThat(ImageReference.parse(ref.canonical().toString()).canonicalName())
        .isEqualTo(ref.canonicalName());
    assertThat(ref.canonical().familiar().canonicalName()).isEqualTo(ref.canonicalName());
  }

  @Property
  void referenceWithUppercaseInPathIsRejected(
      @ForAll("references") String text, @ForAll("indexes") int index) {
    ImageReference ref = ImageReference.parse(text);
    String path = ref.path();
    int i = index % path.length();
    char c = path.charAt(i);
    if (c < 'a' || c > 'z') {
      return; // only letters have an uppercase form
    }
    String mutatedPath = path.substring(0, i) + Character.toUpperCase(c) + path.substring(i + 1);
    String mutated = ref.registry().map(r -> r + "/").orElse("") + mutatedPath;
    if (ref.registry().isEmpty()
        && mutatedPath.indexOf('/') > 0
        && !mutatedPath
            .substring(0, mutatedPath.indexOf('/'))
            .equals(mutatedPath.substring(0, mutatedPath.indexOf('/')).toLowerCase())) {
      return; // an uppercase first component reads as a registry host, which is valid
    }
    assertThatThrownBy(() -> ImageReference.parse(mutated))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("lowercase");
  }

  @Property
  void referenceWithAnEmptyComponentIsRejected(@ForAll("references") String text) {
    ImageReference ref = ImageReference.parse(text);
    String mutated = ref.registry().map(r -> r + "/").orElse("") + ref.path() + "//x";
    assertThatThrownBy(() -> ImageReference.parse(mutated))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty component");
  }

  @Provide
  Arbitrary<Integer> indexes() {
    return Arbitraries.integers().between(0, 1000);
  }

  @Provide
  Arbitrary<ImageDigest> digests() {
    return Generators.digests();
  }

  @Provide
  Arbitrary<String> references() {
    Arbitrary<String> registry =
        Combinators.combine(
                Arbitraries.of(
                    "ghcr.io", "registry.example.com", "localhost", "quay.io", "10.0.0.1"),
                Arbitraries.of("", ":5000", ":443"))
            .as((h, p) -> h + p + "/");
    Arbitrary<String> component =
        Combinators.combine(
                Generators.alnum(),
                Arbitraries.of("", ".", "_", "__", "-", "---"),
                Generators.alnum())
            .as((a, sep, b) -> sep.isEmpty() ? a : a + sep + b);
    Arbitrary<String> path =
        component.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l));
    Arbitrary<String> tag =
        Arbitraries.strings()
            .withChars("abcXYZ019_.-")
            .ofMinLength(0)
            .ofMaxLength(20)
            .map(s -> ":v" + s);
    Arbitrary<String> digest = Generators.digests().map(d -> "@" + d);
    return Combinators.combine(
            registry.injectNull(0.4), path, tag.injectNull(0.4), digest.injectNull(0.5))
        .as((r, p, t, d) -> (r == null ? "" : r) + p + (t == null ? "" : t) + (d == null ? "" : d))
        // a first path component with '.', ':' or 'localhost' would read as a registry
        .filter(s -> ImageReference.tryParse(s).map(x -> x.toString().equals(s)).orElse(false));
  }
}

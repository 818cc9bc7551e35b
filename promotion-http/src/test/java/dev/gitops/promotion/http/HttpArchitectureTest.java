package dev.gitops.promotion.http;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The module's own rules: no OkHttp, Okio, Kotlin or Jackson type in a public signature (except the
 * builder's OkHttpClient seam), no checked exceptions, time from the injected clock, no printing,
 * no java.util.logging.
 */
@AnalyzeClasses(
    packages = "dev.gitops.promotion.http",
    importOptions = ImportOption.DoNotIncludeTests.class)
class HttpArchitectureTest {
  private static final List<String> HIDDEN =
      List.of(
          "okhttp3.", "okio.", "kotlin.", "com.fasterxml.", "dev.gitops.promotion.http.internal.");
  private static final String SEAM =
      "dev.gitops.promotion.http.RestClient$Builder.okHttpClient(okhttp3.OkHttpClient)";

  @ArchTest
  static final ArchRule publicSignaturesHideTheLibraries =
      methods()
          .that()
          .arePublic()
          .and()
          .areDeclaredInClassesThat()
          .resideInAPackage("dev.gitops.promotion.http")
          .and()
          .areDeclaredInClassesThat()
          .arePublic()
          .should(
              new ArchCondition<JavaMethod>(
                  "expose no OkHttp, Okio, Kotlin, Jackson or internal type") {
                @Override
                public void check(JavaMethod m, ConditionEvents events) {
                  if (m.getFullName().equals(SEAM)) {
                    return;
                  }
                  List<JavaClass> types = new ArrayList<>(m.getRawParameterTypes());
                  types.add(m.getRawReturnType());
                  for (JavaClass t : types) {
                    for (String prefix : HIDDEN) {
                      if (t.getName().startsWith(prefix)) {
                        events.add(
                            SimpleConditionEvent.violated(
                                m, m.getFullName() + " exposes " + t.getName()));
                      }
                    }
                  }
                }
              });

  @ArchTest
  static final ArchRule publicMethodsDeclareNoCheckedExceptions =
      methods()
          .that()
          .arePublic()
          .and()
          .areDeclaredInClassesThat()
          .resideInAPackage("dev.gitops.promotion.http")
          .should(
              new ArchCondition<JavaMethod>("declare no checked exception") {
                @Override
                public void check(JavaMethod m, ConditionEvents events) {
                  if (!m.getOwner().getModifiers().contains(JavaModifier.PUBLIC)) {
                    return;
                  }
                  m.getThrowsClause()
                      .forEach(
                          t -> {
                            if (!t.getRawType().isAssignableTo(RuntimeException.class)) {
                              events.add(
                                  SimpleConditionEvent.violated(
                                      m, m.getFullName() + " throws " + t.getRawType().getName()));
                            }
                          });
                }
              });

  @ArchTest
  static final ArchRule timeIsInjected =
      noClasses()
          .should()
          .callMethod(Instant.class, "now")
          .orShould()
          .callMethod(System.class, "currentTimeMillis")
          .orShould()
          .callMethod(Clock.class, "systemUTC")
          .orShould()
          .callMethod(Clock.class, "systemDefaultZone")
          .because("rate-limit waits are tested on a fake clock");

  @ArchTest
  static final ArchRule noStandardStreams =
      GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

  @ArchTest
  static final ArchRule noJavaUtilLogging =
      GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

  @ArchTest
  static final ArchRule noGenericExceptions =
      GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
}

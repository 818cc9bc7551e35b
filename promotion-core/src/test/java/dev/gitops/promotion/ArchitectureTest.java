package dev.gitops.promotion;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.time.Clock;
import java.time.Instant;

/** The core is pure: JDK only at run time, no clocks of its own, no I/O, no logging. */
@AnalyzeClasses(
    packages = "dev.gitops.promotion",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreDependsOnlyOnTheJdk =
      classes()
          .that()
          .resideInAPackage("dev.gitops.promotion..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "dev.gitops.promotion..", "org.immutables.value..")
          .because(
              "promotion-core has no third-party runtime dependency (Immutables is"
                  + " compile-time only) and imports no adapter");

  @ArchTest
  static final ArchRule timeIsInjected =
      noClasses()
          .that()
          .resideInAPackage("dev.gitops.promotion..")
          .should()
          .callMethod(Instant.class, "now")
          .orShould()
          .callMethod(System.class, "currentTimeMillis")
          .orShould()
          .callMethod(Clock.class, "systemUTC")
          .orShould()
          .callMethod(Clock.class, "systemDefaultZone")
          .because("simulated chains run on a manual clock");

  @ArchTest
  static final ArchRule noIo =
      noClasses()
          .that()
          .resideInAPackage("dev.gitops.promotion..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.io..", "java.nio.file..", "java.net..")
          .because("the core does no I/O; the ports do")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule noStandardStreams =
      GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

  @ArchTest
  static final ArchRule noGenericExceptions =
      GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

  @ArchTest
  static final ArchRule noJavaUtilLogging =
      GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
}

/**
 * The simulation kit: run whole promotion chains offline, in milliseconds, with no cluster, no Git
 * host and no network.
 *
 * <ul>
 *   <li>Fakes of every port: {@link dev.gitops.promotion.testkit.InMemoryConfigRepository}, {@link
 *       dev.gitops.promotion.testkit.FakeChangeRequestHost}, {@link
 *       dev.gitops.promotion.testkit.FakeGitOpsAgent}, a {@link
 *       dev.gitops.promotion.testkit.ManualClock} and a small line-based overlay format, {@link
 *       dev.gitops.promotion.testkit.SimpleImageFormat}. They are strict: what they do not support
 *       fails loudly, and they can report what is still open at the end.
 *   <li>{@link dev.gitops.promotion.testkit.SimulatedWorld} wires them with a {@link
 *       dev.gitops.promotion.Promoter} for one pipeline.
 *   <li>{@link dev.gitops.promotion.testkit.Scenario} describes a promotion story step by step and
 *       runs it into a {@link dev.gitops.promotion.testkit.Timeline}: same scenario, same timeline.
 *   <li>Contract kits, abstract JUnit 5 classes that every adapter runs against itself: {@link
 *       dev.gitops.promotion.testkit.ConfigRepositoryContract}, {@link
 *       dev.gitops.promotion.testkit.ChangeRequestHostContract}, {@link
 *       dev.gitops.promotion.testkit.GitOpsAgentContract} and {@link
 *       dev.gitops.promotion.testkit.OverlayFormatContract}.
 * </ul>
 */
package dev.gitops.promotion.testkit;

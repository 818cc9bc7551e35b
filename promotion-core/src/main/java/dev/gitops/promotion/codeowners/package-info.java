/**
 * CODEOWNERS, as GitHub and GitLab read it: parse a file in either {@link
 * dev.gitops.promotion.codeowners.Dialect}, ask who owns a path, turn a change's paths into
 * approval {@link dev.gitops.promotion.codeowners.Requirement requirements}, and check approvals
 * against them.
 *
 * <pre>{@code
 * CodeOwners owners = CodeOwners.parse(Dialect.GITHUB, ".github/CODEOWNERS", text);
 * ApprovalEvaluation result =
 *     owners.evaluate(changedPaths, List.of(Approver.of("octocat")), teamLookup);
 * if (!result.satisfied()) {
 *   result.reasons().forEach(System.out::println);
 *   // needs 1 more approval from @org/oncall for apps/api/overlays/production/image.yaml ...
 * }
 * }</pre>
 *
 * <p>Everything here is pure: the file's text comes in as a string, team and group memberships
 * through a {@link dev.gitops.promotion.codeowners.MembershipLookup} the caller supplies.
 */
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    jdkOnly = true,
    allParameters = false,
    defaults = @Value.Immutable(copy = false),
    builderVisibility = Value.Style.BuilderVisibility.PACKAGE)
package dev.gitops.promotion.codeowners;

import org.immutables.value.Value;

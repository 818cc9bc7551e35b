/**
 * Time windows for freeze-window and change-window gates, as pure logic: recurring weekly windows
 * ({@link dev.gitops.promotion.schedule.WeeklyWindow}), the same hours on several days ({@link
 * dev.gitops.promotion.schedule.DailyWindow}), one-off date ranges ({@link
 * dev.gitops.promotion.schedule.DateRange}), cron-opened windows ({@link
 * dev.gitops.promotion.schedule.CronWindow}) and any of several ({@link
 * dev.gitops.promotion.schedule.AnyOf}), all behind {@link dev.gitops.promotion.schedule.Schedule},
 * which parses them from the text a user writes and answers whether an instant is inside, when the
 * stretch holding it ends and when the next one starts. {@link
 * dev.gitops.promotion.schedule.WindowVerdicts} turns those answers into gate verdicts.
 *
 * <p>Nothing here reads a clock: every answer is about an instant the caller gives.
 */
package dev.gitops.promotion.schedule;

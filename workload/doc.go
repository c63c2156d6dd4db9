// Package workload holds the people and the decisions: officers, their
// caseloads, and what a policy makes of them — capacity, bands, team and
// national roll-ups, allocation checks, blended-caseload balance,
// prioritisation, sustained overload and staffing.
//
// # Policy
//
// A [Policy] carries every tunable number: the tier table (weights and
// contact requirements, from package tier), the nominal target and default
// hours of each [Grade] (2,176 points for a 37-hour week; senior probation
// officers hold no cases), the capacity [Bands] (100% and 110%), the
// raw-count ceiling (50), the sustained-overload rule (above 110% for 4
// weekly snapshots), the percentage of hours each reduction reason takes
// and the reductions that follow from a grade (a trainee's PQiP stages, a
// newly qualified officer's 9 months, dated from [Officer].GradeSince),
// how long cover contacts count (7 days), the rounding of each figure,
// and an optional
// reference-compatibility mode that truncates available points to whole
// points as the national tool does. Build a [Config] with [DefaultConfig]
// or [DecodeConfig], change it, and compile it with [NewPolicy], which
// reports every problem at once. A Policy is immutable and safe for
// concurrent use; every result names the policy and version that made it.
//
// # Measuring
//
// [Policy.Measure] measures one officer's [Caseload] at a date and returns
// a [Load]: points, available points, capacity, [Band], the hours model
// ([Hours]: the contact hours a week the cases demand against the hours
// available) and a [Line] per work item explaining its points. An officer
// who holds work but has no available points is in [BandNoCapacity],
// never at 0%.
//
// Available points are target × (contracted hours − reduction hours) ÷
// default hours, computed exactly and rounded once (half up to 2 places
// by default; truncated to whole points in reference-compatibility mode).
// Capacity is points ÷ available points as a percentage, rounded half up
// to 3 places; bands compare the exact ratio, so 209 of 190 is exactly
// 110% and is not over 110%.
//
// # Rosters and roll-ups
//
// A [Roster] is a whole organisation's officers, cases, court reports and
// cover contacts. [Policy.Prepare] validates and indexes it once;
// [Prepared.Measure] then measures every officer, team, region and the
// nation at any date in a few milliseconds, and [Prepared.Explain] breaks
// one officer's load down. A [Summary] uses the ratio of sums, never an
// average of percentages, and its [Distribution] counts the officers at or
// under 100% and over 100%, 110% and 120%, with percentiles.
// [Policy.Summarise] rolls up any group of loads. A [Measurement] keeps
// loads in exact fixed-point and builds each [Load] when asked
// ([Measurement.Load], [Measurement.All]).
//
// A prepared roster is immutable. [Prepared.Apply] takes [Change]s (a case
// allocated, transferred, closed or updated; an officer joined, left or
// updated) and returns a new roster, exactly as if the changed roster had
// been prepared from scratch, sharing every officer the changes do not
// touch: one allocation and [Prepared.MeasureOfficer] take microseconds on
// a national roster.
//
// # Allocation and blended caseloads
//
// [Policy.CheckAllocation] answers "would this case push this officer over
// capacity or out of balance?": capacity and band before and after, the
// points the case adds, and a [Verdict] (allowed, allowed with warnings,
// refused) with [Finding]s that carry a stable code and a sentence. Its
// rules live in [AllocationConfig], each with its own [Action]: over 100%
// and 110%, the raw-count ceiling, the share of high-protect cases, the
// Vermont one-third rule, per-flag caps and who may hold what
// ([GradeRule]): by default PSOs do not hold high or very high RoSH or
// MAPPA level 2/3 cases (refused, "qualified-only"); trainees and newly
// qualified officers do not hold the highest-risk cases alone (refused
// unless co-worked, "grade-eligibility") and are warned on
// child-protection, domestic-abuse and highly complex cases
// ("complex-for-grade"). Checks, recommendations, balance reports and
// rebalancing read the rules from one table, so they always agree.
// Measure an officer once with [Policy.MeasureCaseload], or a team with
// [Policy.MeasureTeam], then check as many cases as you like; after a case
// is allocated, closed or re-tiered, [Policy.Remeasure] derives the changed
// measured caseload from the old one, exactly as a new measure would give
// it, at a cost proportional to the cases changed.
//
// [Policy.Recommend] ranks a team's eligible officers for a case and says
// why the others are not eligible. [Policy.Balance] compares each
// officer's letter mix and high-protect share with the team's and gives
// exact imbalance measures (spread, coefficient of variation, Gini).
// [Policy.Rebalance] proposes a short, explained [Rebalancing] of transfers that
// lowers the highest capacity while keeping cases in their critical period
// or recently allocated where they are.
//
// # Priorities when there is not enough time
//
// [Policy.Schedule] gives a case's phase, next contact due and days
// overdue; [Policy.Demand] the contact hours due in each of the next weeks
// against the hours available. [Policy.PriorityOf] puts a case on the
// prioritisation ladder of [PriorityConfig] (P1 protect … P4 pause) with
// the rule and reason, treating stale or provisional risk conservatively;
// [Policy.Prioritise] orders a caseload by grade and a documented urgency
// score; [Policy.PlanShortfall] says, when the week's contact hours exceed
// the hours available, which contacts to keep, reduce or pause, working up
// from the bottom of the ladder, never touching protected work, and
// escalating to a manager when protected work alone does not fit. Every
// decision is an audit line.
//
// # Protected work is code, not policy
//
// The protected categories ([ProtectedCategories]: any MAPPA level, a
// MAPPA level not recorded, very high RoSH, active child protection,
// national security, tier letter A in the England & Wales scheme, and the
// critical period after commencement, release or re-release after recall)
// are a floor that grading, ordering and planning enforce themselves,
// whatever the ladder says. A policy whose ladder demotes or pauses them is
// accepted, and the floor overrides it case by case: the [CasePriority] names
// the category ([CasePriority.Protection], a "protect-*" code and sentence) and
// carries a "floor-override" [Decision]. A policy can add categories
// ([ProtectRule]) and cannot remove any.
//
// What the data does not say never lowers protection: a tier letter that
// disagrees with the risk fields is a "tier-risk-mismatch" finding read the
// protective way; a case with no RoSH or with flags not recorded is never
// paused; stale or provisional risk is read, phase by phase, as the more
// demanding by contact frequency of the tier and the next tier up
// ("raise-contact-reading"): never fewer contacts. Contact demand is
// compared with the case-facing share of available hours
// ([GradeConfig].CaseFacing), not with all contracted hours.
//
// # Over time
//
// [Policy.SustainedOverload] finds officers above 110% for 4 consecutive
// weekly snapshots. [Policy.Staffing] turns funded posts, staff in post and
// expected sickness into a team's effective capacity and the load the
// staff in post actually carry.
//
// # Data
//
// Package [github.com/openprobation/caseload/workload/rostercsv] reads and
// writes rosters as CSV exports, built only on this package's API; bad
// rows are errors with their line and column. Policies are JSON documents
// ([DecodePolicy]); [DefaultConfig] is the England & Wales reference,
// [SupervisionLevelsConfig] a US-style supervision-level policy in hours,
// and [SingleAxisConfig] a policy for the single-axis (A–G) scheme with
// illustrative weights (none are published).
//
// # Errors
//
// Bad input gets an error naming the field and value ([FieldError],
// the one shape every caseload package reports,
// wrapping sentinels such as [ErrUnknownTier] or [ErrDuplicate]); every
// problem is reported at once; nothing panics on data and nothing is
// silently dropped. Arithmetic is exact integer fixed-point inside and
// decimal at the API: no floats in any result.
//
// The domain figures the package reproduces, and their public sources,
// are in the project's docs/domain.md.
package workload

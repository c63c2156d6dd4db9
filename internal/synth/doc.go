// Package synth generates deterministic synthetic probation data for
// benchmarks, examples and tests: [National] (250,000 cases, 11,000
// officers, 900 teams, 12 regions), [Generate] for any size (see [Scaled])
// and [Team], one realistic demo team.
//
// Everything is drawn from math/rand/v2's PCG seeded with the seed, in a
// fixed order (no map is ever iterated), so a seed always gives the same
// roster. All dates are midnight UTC relative to [AsOf] (2026-11-23).
// Every roster is valid by construction under [workload.DefaultPolicy].
//
// The mix below is our own illustrative choice, loosely informed by the
// public figures in docs/domain.md; it is not an official distribution.
//
// Cases:
//   - type: 55% community, 35% licence, 10% custody;
//   - tier letter: A 4%, B 38%, C 33%, D 20%; 5% S tiers (letters in the
//     same proportions, never custody) and 1% untiered;
//   - change digit 3/2/1/0: about 15/40/35/10 (unpaid-work-only cases have
//     no mandate for change and so digit 0);
//   - 8% young adults (T2A);
//   - inactive: 2% warrant (not custody), 3% unpaid work only and 1%
//     overdue termination (community only);
//   - dates: Start within the three years before AsOf; community orders of
//     6 months to 3 years; licence cases on sentences of 1–6 years released
//     at 40–50% of it; custody cases with a release date ahead (90%) or in
//     the last fortnight (10%); Start ≤ TwoThirds ≤ End, TwoThirds at or
//     after Release, S tiers past their two-thirds point; LastContact in the
//     last 60 days; Allocated between Start and AsOf;
//   - risk consistent with the letter: A is RoSH very high (65%, some with
//     MAPPA) or high with MAPPA level 2/3; B high, C medium, D low (MAPPA
//     level 1 on some B and C cases, more often for sexual offences);
//     untiered cases have no assessment yet;
//   - flags: domestic abuse 25%, child protection 5%, sexual 8%, serious
//     violence 6%, IOM 5%, stalking 3%, lifer/IPP 4% of licence and custody
//     cases, national security 1% of A cases; unsupervised exactly on S
//     tiers;
//   - complexity 0–4 (40/28/18/9/5%); AssessedOn within the last 500 days
//     (so about a quarter are stale, over a year old); 3% provisional; 6%
//     escalated at their last assessment.
//
// Officers and teams:
//   - teams of 8–15 officers, numbered in order, grouped in contiguous runs
//     into regions; about 4% are SPOs (at most one per team, holding 0–3
//     cases), then PO 38%, PSO 48%, PQiP 6%, NQO 4%;
//   - about 20% part-time (18.5–30 hours a week, e.g. 22.5 or 29.6), the
//     rest 37 hours;
//   - reductions, each dated with From ≤ To: PQiP trainees in stage 1, 2 or
//     3 (the current stage started 1–6 months ago and ends in the future;
//     earlier stages are kept, expired); NQOs with a 9-month
//     newly-qualified reduction (and their expired stage 3); about 3% with
//     trade-union facility time of 3.7 or 7.4 hours; about 2% on long-term
//     sickness and 1% on maternity leave, 100% for a while;
//   - POs and NQOs take most A and B cases, PSOs and trainees most C and D;
//     each practitioner's share of cases follows their hours, grade,
//     reductions, a team pressure factor (log-normal, so some teams are
//     far busier) and their own variation. Officers on sick leave keep
//     most of their cases (their capacity shows as no-capacity).
//
// Court reports: about one per 25 cases (45% standard, 55% fast), due in
// the next 21 days, written by practitioners not on leave. Cover contacts:
// about one per 500 cases, in the last 10 days, of 5, 9, 13, 18 or 26
// points, done on the owner's case by another practitioner of the team.
//
// With these proportions the national roster holds about 22.7 cases per
// officer and about 69 points per case (reports included), so its
// capacity under the default policy is about 88% (ratio of sums), with a
// wide spread: officers from under 50% to over 130% (10th and 90th
// percentiles), teams from about 40% to over 180%.
package synth

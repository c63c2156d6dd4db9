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
// # Calibration
//
// With the reference weights ([workload.DefaultPolicy]) the national
// roster reproduces the published picture of the service within a stated
// tolerance (checked by TestNationalPicture for three seeds):
//
//	figure                                   published         tolerance     default seed
//	national capacity (ratio of sums)        117–120%          117–120%      118.3%
//	case-holding officers over 100%          60% (2020)        ± 5 points    61.0%
//	case-holding officers over 120%          nearly 3 in 10    ± 4 points    29.3%
//	mean cases, PSO against PO               78+ against 50+   PSO ≥ 1.25×   30.3 against 22.1
//
// The case, officer and team counts stay at the national scale of the
// benchmarks (250,000 / 11,000 / 900); the parameters tuned to the
// picture, and the figure each is tuned to:
//
//   - grade mix (SPO 10.7%, the 2022 FTE share of 1,249 SPOs among 11,690
//     PO, PSO and SPO; of practitioners PO 36%, PSO 52%, PQiP 7%, NQO 5%,
//     near the 4,338 PO to 6,103 PSO ratio): fixes how many officers hold
//     cases, so with the tier mix it sets the national capacity;
//   - tier mix (A 7%, B 59%, C 25%, D 4%, S 4%, untiered 1%): the points
//     per case, tuned so that Σ points ÷ Σ available lands in 117–120%
//     with 250,000 cases for about 9,800 case-holding officers (about 25
//     cases each, so the mix is heavier than a real caseload's, whose
//     counts are higher);
//   - RoSH of B cases (60% medium with a high RSR, 40% high) and who takes
//     what (A and RoSH-high B cases to POs and NQOs 95% and 90% of the
//     time, medium-RoSH B cases 8%, C 10%, D 3%): PSOs hold low and medium
//     RoSH cases, lighter ones, so they hold more of them than POs, as
//     the published 78+ against 50+ says;
//   - case-to-officer assignment by a low-discrepancy sequence (each
//     officer gets within a few cases of their share, not a Poisson
//     scatter), team pressure exp(0.07·N) and officer pressure exp(0.05·N)
//     (region exp(0.05·N)), and 15% of teams under twice the pressure:
//     the shape of the distribution, a middle near 100% (60% over it) and
//     a long tail (about 30% over 120%) that carries the national ratio of
//     sums above the median officer;
//   - absence: 2.3% on long-term sickness keeping 60% of their share of
//     cases (no capacity, counted over every threshold), 1.2% on
//     maternity leave with their cases reallocated, 5% of SPOs holding one
//     or two cases: the no-capacity officers the national figures include.
//
// The remaining proportions are our own illustrative choice, loosely
// informed by the public figures in the domain reference; they are not an
// official distribution. [Team] keeps its own mix (below, "team"), so the
// demo team of the examples does not move when the nation is calibrated.
//
// Cases:
//   - type: 55% community, 35% licence, 10% custody;
//   - tier letter (national, above; the demo team draws A 4%, B 38%, C
//     33%, D 20% for its POs and fewer A and B for its PSOs); 4% S tiers
//     (letters in the proportions A 4, B 38, C 33, D 20, never custody)
//     and 1% untiered;
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
//     MAPPA) or high with MAPPA level 2/3; B high or (national roster)
//     medium with a high RSR, C medium, D low (MAPPA level 1 on some B and
//     C cases, more often for sexual offences); untiered cases have no
//     assessment yet;
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
//     into regions; SPOs as above (the first member of a team of n is one
//     with chance 0.107·n, the second with chance 0.107·n − 1);
//   - about 20% part-time (18.5–30 hours a week, e.g. 22.5 or 29.6), the
//     rest 37 hours;
//   - reductions, each dated with From ≤ To: PQiP trainees in stage 1, 2 or
//     3 (the current stage started 1–6 months ago and ends in the future;
//     earlier stages are kept, expired); NQOs with a 9-month
//     newly-qualified reduction (and their expired stage 3); about 3% with
//     trade-union facility time of 3.7 or 7.4 hours; sickness and
//     maternity as above, 100% for a while;
//   - each practitioner's share of cases follows their hours, grade,
//     reductions and the pressures above.
//
// Court reports: about one per 25 cases (45% standard, 55% fast), due in
// the next 21 days, written by practitioners not on leave. Cover contacts:
// about one per 500 cases, in the last 10 days, of 5, 9, 13, 18 or 26
// points, done on the owner's case by another practitioner of the team.
package synth

// Package caseload measures the risk-weighted workload of probation
// officers: exact, explainable and deterministic figures for what each
// officer carries, whether a team's caseloads are blended, whether an
// allocation would push someone over capacity, and how to prioritise when
// there is not enough time.
//
// This package is the map, and holds only the one error shape every
// package reports, [FieldError]. The work is done by three packages, and
// data flows one way through them:
//
//	risk.Assessment ──tier.Classify──▶ tier.Tier (+ points per rule)
//	                                     │
//	cases, officers, policy ──workload──▶ loads, capacity, bands,
//	                                      balance, allocation checks,
//	                                      priorities
//
// # Where to start
//
//   - Package risk holds what an assessment says about a person: RoSH, RSR,
//     OGRS, MAPPA, flags, complexity factors, criminogenic needs, the
//     mandate for change, the date and whether it is provisional. Start with
//     risk.Assessment and its Validate method.
//   - Package tier turns an assessment into a tier (tier.Classify, with the
//     points each rule gave) and says what a tier costs: its weight by case
//     type and its contact requirements by phase (tier.Table, with the
//     England & Wales reference values from tier.Reference). Tier schemes
//     are data: a US-style supervision-level scheme ships beside the
//     England & Wales one.
//   - Package workload holds the officers, their caseloads and the
//     decisions: capacity, bands, team roll-ups, allocation checks,
//     blended-caseload balance and prioritisation.
//
// # Principles
//
// Every figure is a decimal computed exactly and rounded once, at a
// documented place. Everything that depends on "today" takes an asOf time.
// Bad input gets an error naming the field and value; nothing panics on
// data and nothing is silently dropped. The same input gives the same
// output, byte for byte. Every figure can be broken down into the lines that
// made it.
//
// The reference numbers and their sources are listed in the project's
// docs/domain.md; numbers that are caseload's own illustrative choices say so in
// their documentation.
package caseload

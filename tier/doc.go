// Package tier turns risk into a tier and says what a tier costs: its
// weight by case type and the contacts it needs by phase.
//
// # Tiers and schemes
//
// A [Tier] is a tier's name in a [Scheme], an ordered set of named tiers,
// most severe first. Schemes are data. The England & Wales scheme is built
// in ([EnglandWales]): a protect letter A (highest) to D and a change digit
// 3 (highest) to 0, a trailing S for an unsupervised case, and untiered —
// named constants [A3] … [D0S] and [Untiered]. [Parse] reads its names;
// [Tier.Letter], [Tier.Digit] and [Tier.Unsupervised] take a name apart;
// [Scheme.Compare] orders tiers by severity (letter, then digit, each S
// tier just after its supervised twin, untiered last). Other schemes, such
// as the US supervision levels of [SupervisionLevels], come from a
// [Table] document.
//
// # Classification
//
// [Classify] implements the England & Wales model of docs/domain.md, "Tiers" exactly
// and returns a [Classification]: the tier, the points each rule gave on
// the protect and change axes, which of RoSH and RSR counted, the threshold
// that decided the letter and digit, and why a digit is 0 (no mandate for
// change) or 2 (no valid needs assessment).
//
// Each [Score] names the rule that decided it ([Score.Rule]): the points'
// thresholds, or an override — [RuleNoMandate] (with the real cause the
// assessment gives: no sentence, terminated sentence, only unpaid work,
// only restrictive requirements) or [RuleNoNeedsAssessment].
//
// # The single-axis model
//
// [ClassifySingleAxis] implements the national tiering service's newer
// single-axis model: one letter A (highest) to G, with missing (no
// reoffending predictors) and not supervised (no active event) below G.
// The result is the highest of its steps — the ARP × CSRP table, the
// DC-SRP, MAPPA and RoSH, lifer/IPP release, domestic abuse, stalking,
// child protection and sexual offending — and a [SingleAxis] reports each
// [Step], the step that decided, and coded [Caveat]s saying why the tier is
// provisional. [SingleAxisScheme] is its scheme and [SingleAxisTable] a
// table whose weights are caseload's own illustrative choice, since none
// are published.
//
// # Weights and contacts
//
// A [Table] holds the weights of every tier for every [CaseType]
// (community, licence, custody), a separate young-adult (T2A) table, court
// report weights ([ReportKind]), the share of its weight an [Inactive] case
// keeps, and a [Contact] requirement per tier and [Phase] (critical,
// standard, past the two-thirds point, suspended). [Reference] returns the
// England & Wales reference table with the published weights of
// docs/domain.md, "Case weights"; its contact requirements are caseload's own illustrative
// starting point, as England & Wales sets no national minimum.
//
// # Documents
//
// Tables are JSON documents keyed by tier name, never by column position.
// [DecodeTable] reads one strictly (unknown fields, trailing data and
// unbounded decimals are errors); [Table.Validate] then reports every
// problem at once. The reference documents are embedded in the package
// ([ReferenceJSON]) and can be copied as a starting point.
package tier

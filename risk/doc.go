// Package risk holds what an assessment says about a person under
// supervision, as plain values with their validation. It knows nothing of
// tiers or workload: package tier turns an [Assessment] into a tier.
//
// # Values
//
// An [Assessment] carries the risk of serious harm ([RoSH]: low, medium,
// high, very high, or unknown when missing), the risk of serious recidivism
// (RSR, a decimal percentage with two places), general reoffending (OGRS,
// an integer percentage), the [MAPPA] level and category, registrations
// ([Flags]: domestic abuse, stalking, child protection, lifer/IPP, IOM,
// unsupervised, national security, sexual, serious violence), the ten
// complexity factors ([Factors]), the additional factors for women
// ([WomenFactors]), criminogenic needs with their [Severity], the
// [Mandate] for change, the assessment date and a provisional marker.
//
// # Enums
//
// Every enum is a small integer type whose zero value means unknown (or
// none, where absence is meaningful: no need). Unknown is a value: a MAPPA
// level that was not recorded ([MAPPAUnknown]) is distinct from
// [MAPPANone], and an unknown RoSH ([RoSHUnknown]) from any assessed level. Each has String,
// MarshalText and UnmarshalText, so the same names serve JSON values, JSON
// map keys and flag.TextVar. Sets of flags and factors are bit sets written
// in JSON as arrays of names; an unknown or repeated name is an error.
//
// # Validation
//
// [Assessment.Validate] reports every problem at once, joined with
// errors.Join, each a [*FieldError] naming the field and value and wrapping
// a sentinel such as [ErrOutOfRange] or [ErrInconsistent]. [Decode] reads
// JSON strictly; decoding and validating are separate steps.
//
// # Single-axis inputs
//
// [SingleAxisInputs] holds what the single-axis (A–G) model reads: whether
// an [Event] is active, the all-reoffending and combined serious
// reoffending predictors ([Predictor], each static or dynamic, or
// missing), the direct-contact sexual predictor ([SexualPredictor] with its
// [SexualBand]), RoSH, MAPPA, registrations, a sexual offence ever and the
// latest release. [SingleAxisInputs.Validate] refuses inconsistent values
// (a medium DC-SRP band with a score below 0.60, a score without its kind)
// rather than guessing.
//
// # Registrations and sentences
//
// A case system holds [Registration] codes with dates and [Sentence]s with
// requirements. [Derive] turns them into the tier inputs as of a date —
// the [Mandate] for change with its [NoMandateCause], MAPPA, RoSH, flags,
// complexity factors and the active event — ignoring historic and
// de-registered registrations and terminated sentences, and records in
// [Derived] which registration or sentence produced each input.
// [Derived.Apply] and [Derived.ApplySingleAxis] copy them into an
// assessment. The codes come from a [Codes] table: [NationalCodes] is the
// England & Wales table published by the national tiering service (the
// codes no public source confirms are listed as guesses); a team supplies
// its own with [DecodeCodes].
//
// A MAPPA level without a category is valid: national systems often record
// the level alone, and the category never changes a classification.
//
// # Staleness
//
// [Assessment.AgeDays] gives the age in calendar days at a date you pass,
// and [Assessment.Stale] whether it is older than a maximum. An assessment
// with no date is always stale: unknown age is never silently trusted.
package risk

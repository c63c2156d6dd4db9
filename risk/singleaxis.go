package risk

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/internal/dec"
	"github.com/openprobation/caseload/internal/enum"
	"github.com/openprobation/caseload/internal/fault"
)

// PredictorKind says how a reoffending predictor was computed: from static
// factors only (criminal history, age) or with dynamic factors from a full
// assessment. The zero value, PredictorMissing, means the predictor was not
// given at all.
type PredictorKind uint8

// Predictor kinds.
const (
	PredictorMissing PredictorKind = iota // not given
	PredictorStatic                       // static factors only
	PredictorDynamic                      // static and dynamic factors
)

var predictorKindNames = enum.Names[PredictorKind]{Pkg: "risk", Type: "predictor kind", Names: []string{"missing", "static", "dynamic"}}

// String returns "missing", "static" or "dynamic".
func (k PredictorKind) String() string { return predictorKindNames.String(k) }

// MarshalText implements encoding.TextMarshaler.
func (k PredictorKind) MarshalText() ([]byte, error) { return predictorKindNames.Marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler; "missing" is accepted.
func (k *PredictorKind) UnmarshalText(b []byte) error {
	v, err := predictorKindNames.Parse(string(b), true)
	if err == nil {
		*k = v
	}
	return err
}

// Predictor is a reoffending predictor: a percentage from 0 to 100 with at
// most two decimal places, and whether it is static or dynamic. The zero
// Predictor is a missing one.
type Predictor struct {
	Score decimal.Decimal `json:"score"`
	Kind  PredictorKind   `json:"kind"`
}

// Present reports whether the predictor was given.
func (p Predictor) Present() bool { return p.Kind != PredictorMissing }

// String renders the predictor, e.g. "6.90 dynamic" or "missing".
func (p Predictor) String() string {
	if !p.Present() {
		return "missing"
	}
	if dec.Check(p.Score) != nil {
		return boundedString(p.Score) + " " + p.Kind.String()
	}
	return p.Score.StringFixed(2) + " " + p.Kind.String()
}

// SexualBand is the band of the direct-contact sexual reoffending predictor
// (DC-SRP). The zero value, SexualBandNone, means no band was given.
type SexualBand uint8

// DC-SRP bands, from lowest to highest after "none" and "not applicable".
const (
	SexualBandNone          SexualBand = iota // no band given
	SexualBandNotApplicable                   // the predictor does not apply
	SexualBandLow
	SexualBandMedium
	SexualBandHigh
	SexualBandVeryHigh
)

var sexualBandNames = enum.Names[SexualBand]{Pkg: "risk", Type: "dcsrp.band", Names: []string{"none", "not-applicable", "low", "medium", "high", "very-high"}}

// String returns the band's name, e.g. "very-high".
func (b SexualBand) String() string { return sexualBandNames.String(b) }

// MarshalText implements encoding.TextMarshaler.
func (b SexualBand) MarshalText() ([]byte, error) { return sexualBandNames.Marshal(b) }

// UnmarshalText implements encoding.TextUnmarshaler; "none" is accepted.
func (b *SexualBand) UnmarshalText(t []byte) error {
	v, err := sexualBandNames.Parse(string(t), true)
	if err == nil {
		*b = v
	}
	return err
}

// SexualPredictor is the direct-contact sexual reoffending predictor
// (DC-SRP): a percentage score with at most two decimal places and its
// band. The zero value means no DC-SRP.
type SexualPredictor struct {
	Score decimal.Decimal `json:"score"`
	Band  SexualBand      `json:"band"`
}

// The DC-SRP medium band's lowest score: a medium band below it is
// inconsistent input (the national model's medium-band tables stop there).
var dcsrpMediumFloor = decimal.New(60, -2)

// Event says whether the person has an active event (an order or licence
// under supervision). The zero value, EventUnknown, is rejected by
// validation: a forgotten field must not silently read as not supervised.
type Event uint8

// Event values.
const (
	EventUnknown Event = iota
	EventActive        // an active event: the person is supervised
	EventNone          // no active event: not supervised
)

var eventNames = enum.Names[Event]{Pkg: "risk", Type: "event", Names: []string{"unknown", "active", "none"}}

// String returns "unknown", "active" or "none".
func (e Event) String() string { return eventNames.String(e) }

// MarshalText implements encoding.TextMarshaler.
func (e Event) MarshalText() ([]byte, error) { return eventNames.Marshal(e) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (e *Event) UnmarshalText(b []byte) error {
	v, err := eventNames.Parse(string(b), true)
	if err == nil {
		*e = v
	}
	return err
}

// SingleAxisInputs is what the single-axis (A–G) model reads: whether
// there is an active event, the all-reoffending predictor (ARP) and the
// combined serious reoffending predictor (CSRP), each static or dynamic,
// the DC-SRP score and band, RoSH, MAPPA, the registrations it looks at
// (domestic abuse, stalking, child protection, lifer/IPP), whether the
// person has ever committed a sexual offence, and, for a lifer or IPP, the
// latest release date.
//
// The zero value is not valid: Event must be given. Every other field has
// a meaningful zero (predictors missing, no DC-SRP, no RoSH assessment,
// no flags, no sexual offence, release date unknown). MAPPA is validated
// as in [Assessment]: a level without a category is accepted.
type SingleAxisInputs struct {
	Event Event     `json:"event"`
	ARP   Predictor `json:"arp"`
	CSRP  Predictor `json:"csrp"`
	// DCSRP is the direct-contact sexual reoffending predictor.
	DCSRP SexualPredictor `json:"dcsrp"`
	RoSH  RoSH            `json:"rosh"`
	MAPPA MAPPA           `json:"mappa"`
	// Flags are the registrations; the model reads domestic-abuse,
	// stalking, child-protection and lifer-ipp and ignores the others.
	Flags Flags `json:"flags"`
	// SexualOffenceEver is true when the person has ever committed a
	// sexual offence.
	SexualOffenceEver bool `json:"sexualOffenceEver"`
	// LatestRelease is the latest release from custody; the zero time means
	// unknown. The lifer/IPP step reads it.
	LatestRelease time.Time `json:"latestRelease"`
}

// Validate reports every problem with the inputs at once, joined with
// errors.Join in field order, each a *FieldError: an unknown event, a
// predictor kind or band outside its values, a score outside 0–100 or with
// more than two decimal places, a score given for a missing predictor, a
// medium DC-SRP band with a score above 0 but below 0.60 (inconsistent: the
// model's tables have no such combination), and RoSH, MAPPA or flags
// outside their values.
func (in SingleAxisInputs) Validate() error {
	l := fault.List{Pkg: "risk"}
	if in.Event == EventUnknown || in.Event > EventNone {
		l.Add("event", in.Event.String(), ErrMissing, "must be active or none")
	}
	for _, p := range []struct {
		name string
		p    Predictor
	}{{"arp", in.ARP}, {"csrp", in.CSRP}} {
		if p.p.Kind > PredictorDynamic {
			l.Add(p.name+".kind", p.p.Kind.String(), ErrUnknown, "want static or dynamic")
			continue
		}
		ok := checkPercent(&l, p.name+".score", p.p.Score)
		if ok && !p.p.Present() && !p.p.Score.IsZero() {
			l.Add(p.name+".score", p.p.Score.String(), ErrInconsistent, "a score needs its kind (static or dynamic)")
		}
	}
	if in.DCSRP.Band > SexualBandVeryHigh {
		l.Add("dcsrp.band", in.DCSRP.Band.String(), ErrUnknown, "")
	} else if checkPercent(&l, "dcsrp.score", in.DCSRP.Score) &&
		in.DCSRP.Band == SexualBandMedium && in.DCSRP.Score.IsPositive() && in.DCSRP.Score.LessThan(dcsrpMediumFloor) {
		l.Add("dcsrp.score", in.DCSRP.Score.StringFixed(2), ErrInconsistent, "a medium DC-SRP band needs a score of at least 0.60")
	}
	if in.RoSH > RoSHVeryHigh {
		l.Add("rosh", in.RoSH.String(), ErrUnknown, "")
	}
	validateMAPPA(&l, in.MAPPA)
	if !in.Flags.Valid() {
		l.Add("flags", in.Flags.String(), ErrUnknown, "undefined flag bits")
	}
	return l.Err()
}

// checkPercent reports a decimal that is unbounded, outside 0–100 or has
// more than two places, and says whether it is usable.
func checkPercent(l *fault.List, field string, d decimal.Decimal) bool {
	if err := dec.Check(d); err != nil {
		l.Add(field, boundedString(d), ErrOutOfRange, err.Error())
		return false
	}
	ok := true
	if d.IsNegative() || d.GreaterThan(hundred) {
		l.Add(field, d.String(), ErrOutOfRange, "must be between 0 and 100")
		ok = false
	}
	if dec.Places(d) > 2 {
		l.Add(field, d.String(), ErrOutOfRange, "at most two decimal places")
		ok = false
	}
	return ok
}

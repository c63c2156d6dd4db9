package main

import (
	"encoding"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

// Dates outside the years the library accepts are refused here, before
// any arithmetic.
const minYear, maxYear = 1900, 2200

// date is a civil date wherever the service expects one (in a query, a
// request body or a case): "2026-11-23", or an RFC 3339 time such as
// "2026-11-23T09:30:00+01:00", whose date in its own offset is taken. It is
// held as midnight UTC; the zero value means none was given. A bad date is
// kept, not failed, so that every problem in a request is reported at
// once (see problems).
type date struct {
	t   time.Time
	raw string
	bad bool
}

func (d *date) UnmarshalText(b []byte) error {
	// Empty, or Go's zero time as a library client would marshal an
	// unset date: none given.
	if len(b) == 0 || string(b) == "0001-01-01T00:00:00Z" {
		*d = date{}
		return nil
	}
	t, err := parseDate(string(b))
	if err != nil {
		*d = date{raw: string(b), bad: true}
		return nil
	}
	*d = date{t: t}
	return nil
}

// MarshalText writes the date as YYYY-MM-DD.
func (d date) MarshalText() ([]byte, error) {
	if d.t.IsZero() {
		return []byte{}, nil
	}
	return []byte(d.t.Format(time.DateOnly)), nil
}

// check reports a bad date under its field name.
func (d date) check(p *problems, field string) {
	if d.bad {
		p.add(field, d.raw, fmt.Sprintf("want a date as YYYY-MM-DD or an RFC 3339 time, between %d and %d", minYear, maxYear))
	}
}

// parseDate reads the service's one date rule.
func parseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		var terr error
		t, terr = time.Parse(time.RFC3339, s)
		if terr != nil {
			return time.Time{}, err
		}
		t = civil(t)
	}
	if t.Year() < minYear || t.Year() > maxYear {
		return time.Time{}, fmt.Errorf("year %d out of range", t.Year())
	}
	return t, nil
}

// civil returns t's date in its own location as midnight UTC.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// enum decodes a library enum from JSON text, keeping the error for
// problems instead of stopping the decoder.
type enum[T any, PT interface {
	*T
	encoding.TextUnmarshaler
}] struct {
	v   T
	raw string
	err error
}

func (e *enum[T, PT]) UnmarshalText(b []byte) error {
	e.raw = string(b)
	e.err = PT(&e.v).UnmarshalText(b)
	return nil
}

func (e enum[T, PT]) check(p *problems, field string) {
	if e.err != nil {
		msg := e.err.Error()
		// The library's message leads with its own field path; keep
		// the reason.
		if i := strings.LastIndex(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		p.add(field, e.raw, msg)
	}
}

// caseJSON is a case as requests send it: workload.Case with the
// service's date rule and every problem kept for problems.
type caseJSON struct {
	ID          string                              `json:"id"`
	Officer     string                              `json:"officer"`
	Tier        enum[tier.Tier, *tier.Tier]         `json:"tier"`
	Type        enum[tier.CaseType, *tier.CaseType] `json:"type"`
	YoungAdult  bool                                `json:"youngAdult"`
	Inactive    enum[tier.Inactive, *tier.Inactive] `json:"inactive"`
	Start       date                                `json:"start"`
	Release     date                                `json:"release"`
	Recalled    date                                `json:"recalled"`
	Rereleased  date                                `json:"rereleased"`
	TwoThirds   date                                `json:"twoThirds"`
	End         date                                `json:"end"`
	LastContact date                                `json:"lastContact"`
	Allocated   date                                `json:"allocated"`
	Risk        riskJSON                            `json:"risk"`
}

type riskJSON struct {
	RoSH        enum[risk.RoSH, *risk.RoSH]             `json:"rosh"`
	MAPPA       enum[risk.MAPPALevel, *risk.MAPPALevel] `json:"mappa"`
	Flags       *risk.Flags                             `json:"flags"`
	Complexity  int                                     `json:"complexity"`
	AssessedOn  date                                    `json:"assessedOn"`
	Provisional bool                                    `json:"provisional"`
	EscalatedOn date                                    `json:"escalatedOn"`
	// FlagsUnknown says the case system has not recorded the flags; a
	// case sent without "flags" is read the same way.
	FlagsUnknown bool `json:"flagsUnknown"`
}

// check adds the case's decoding problems under prefix ("case").
func (c *caseJSON) check(p *problems, prefix string) {
	p.id(prefix+".id", c.ID, true)
	p.id(prefix+".officer", c.Officer, false)
	c.Tier.check(p, prefix+".tier")
	c.Type.check(p, prefix+".type")
	c.Inactive.check(p, prefix+".inactive")
	c.Start.check(p, prefix+".start")
	c.Release.check(p, prefix+".release")
	c.Recalled.check(p, prefix+".recalled")
	c.Rereleased.check(p, prefix+".rereleased")
	c.TwoThirds.check(p, prefix+".twoThirds")
	c.End.check(p, prefix+".end")
	c.LastContact.check(p, prefix+".lastContact")
	c.Allocated.check(p, prefix+".allocated")
	c.Risk.RoSH.check(p, prefix+".risk.rosh")
	c.Risk.MAPPA.check(p, prefix+".risk.mappa")
	c.Risk.AssessedOn.check(p, prefix+".risk.assessedOn")
	c.Risk.EscalatedOn.check(p, prefix+".risk.escalatedOn")
}

// toCase is the library's case; call it after check found nothing. A
// case sent without "flags" has its flags unknown, and one without
// "mappa" its MAPPA level unknown: absent is not none, and the library
// reads unknown the protective way.
func (c *caseJSON) toCase() workload.Case {
	var flags risk.Flags
	if c.Risk.Flags != nil {
		flags = *c.Risk.Flags
	}
	return workload.Case{
		ID: c.ID, Officer: c.Officer, Tier: c.Tier.v, Type: c.Type.v, YoungAdult: c.YoungAdult,
		Inactive: c.Inactive.v, Start: c.Start.t, Release: c.Release.t, Recalled: c.Recalled.t,
		Rereleased: c.Rereleased.t, TwoThirds: c.TwoThirds.t,
		End: c.End.t, LastContact: c.LastContact.t, Allocated: c.Allocated.t,
		Risk: workload.CaseRisk{RoSH: c.Risk.RoSH.v, MAPPA: c.Risk.MAPPA.v, Flags: flags,
			FlagsUnknown: c.Risk.Flags == nil || c.Risk.FlagsUnknown,
			Complexity:   c.Risk.Complexity, AssessedOn: c.Risk.AssessedOn.t, Provisional: c.Risk.Provisional,
			EscalatedOn: c.Risk.EscalatedOn.t},
	}
}

// problems collects every problem in a request, in the order found, as
// "field "value": reason" lines.
type problems struct {
	list   []string
	fields []string
}

func (p *problems) add(field, value, reason string) {
	p.list = append(p.list, field+" "+quoteID(value)+": "+reason)
	p.fields = append(p.fields, field)
}

func (p *problems) missing(field string) {
	p.list = append(p.list, field+": missing")
	p.fields = append(p.fields, field)
}

// library adds the problems the library found (every one, joined), with
// field paths relative to the request, except those about a field
// already reported.
func (p *problems) library(err error) {
	eachProblem(err, func(fe *workload.FieldError, text string) {
		if fe != nil {
			for _, f := range p.fields {
				if fe.Field == f || strings.HasPrefix(fe.Field, f+".") {
					return
				}
			}
			p.fields = append(p.fields, fe.Field)
		}
		p.list = append(p.list, text)
	})
}

// eachProblem calls fn with every problem of a joined library error, in
// order: a field error with its path made relative to the request (the
// library's "allocation.case.tier" is the request's "case.tier") and its
// text, or nil and the text of any other error.
func eachProblem(err error, fn func(fe *workload.FieldError, text string)) {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			eachProblem(e, fn)
		}
		return
	}
	var fe *workload.FieldError
	if errors.As(err, &fe) {
		cp := *fe
		cp.Field = strings.TrimPrefix(cp.Field, "allocation.")
		fn(&cp, cp.Error())
		return
	}
	fn(nil, err.Error())
}

// id checks an identifier from a request: exact or refused (no U+FFFD
// standing in for invalid UTF-8, no control characters, no leading or
// trailing space, at most 256 bytes). An empty id is missing when
// required.
func (p *problems) id(field, v string, required bool) {
	if v == "" {
		if required {
			p.missing(field)
		}
		return
	}
	if msg := badID(v); msg != "" {
		p.add(field, v, msg)
	}
}

// badID says what is wrong with an identifier, or "".
func badID(v string) string {
	switch {
	case !utf8.ValidString(v) || strings.ContainsRune(v, utf8.RuneError):
		return "not valid UTF-8"
	case len(v) > 256:
		return "longer than 256 bytes"
	case strings.TrimSpace(v) != v:
		return "leading or trailing space"
	case strings.IndexFunc(v, unicode.IsControl) >= 0:
		return "control character"
	}
	return ""
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &apiError{Status: 422, Code: codeInvalidInput, Message: "the request is invalid", Details: p.list}
}

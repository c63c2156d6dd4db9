// Command classify reads risk assessments and prints the England & Wales
// tier of each with its explanation: the points each rule gave, which of
// RoSH and RSR counted, and the threshold or override that decided the
// letter and digit.
//
// With no arguments it classifies a handful of embedded demo assessments;
// -file reads a JSON array of {"name": …, "assessment": {…}} instead.
//
//	go run ./examples/classify
package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/openprobation/caseload/risk"
	"github.com/openprobation/caseload/tier"
)

//go:embed assessments.json
var demo []byte

type entry struct {
	Name       string          `json:"name"`
	Assessment risk.Assessment `json:"assessment"`
}

func main() {
	file := flag.String("file", "", "JSON array of {name, assessment} to classify (default: embedded demo)")
	asOf := flag.String("asof", "2026-11-23", "date at which to judge staleness (YYYY-MM-DD)")
	maxAge := flag.Int("max-age", 365, "days after which an assessment is stale")
	flag.Parse()
	if err := run(os.Stdout, *file, *asOf, *maxAge); err != nil {
		fmt.Fprintln(os.Stderr, "classify:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, file, asOfText string, maxAge int) error {
	asOf, err := time.Parse("2006-01-02", asOfText)
	if err != nil {
		return fmt.Errorf("-asof %q: want YYYY-MM-DD", asOfText)
	}
	data := demo
	if file != "" {
		if data, err = os.ReadFile(file); err != nil {
			return err
		}
	}
	var entries []entry
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(&entries); err != nil {
		return fmt.Errorf("reading assessments: %w", err)
	}
	var errs []error
	for i, e := range entries {
		c, err := tier.Classify(e.Assessment)
		if err != nil {
			errs = append(errs, fmt.Errorf("entry %d (%s): %w", i, e.Name, err))
			continue
		}
		fmt.Fprintf(w, "%s\n", e.Name)
		fmt.Fprint(w, indent(c.String()))
		if e.Assessment.Stale(asOf, maxAge) {
			age, known := e.Assessment.AgeDays(asOf)
			if known {
				fmt.Fprintf(w, "  warning: assessment is %d days old (stale after %d)\n", age, maxAge)
			} else {
				fmt.Fprintf(w, "  warning: assessment has no date, so it counts as stale\n")
			}
		}
		fmt.Fprintln(w)
	}
	return errors.Join(errs...)
}

func indent(s string) string {
	var b bytes.Buffer
	for _, line := range bytes.SplitAfter([]byte(s), []byte("\n")) {
		if len(line) > 0 {
			b.WriteString("  ")
			b.Write(line)
		}
	}
	return b.String()
}

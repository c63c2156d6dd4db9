// Package exampleio is the command-line plumbing the example programs
// share, so that each example's main.go shows only what is particular to
// it: parsing flags alike (help, stray arguments, dates), reading a policy
// document or falling back to the reference policy, and reading a
// caseload CSV or falling back to an embedded demo.
//
// It is for the examples only; library code does not import it.
package exampleio

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/openprobation/caseload/workload"
	"github.com/openprobation/caseload/workload/rostercsv"
)

// DateLayout is the layout of every date flag: YYYY-MM-DD.
const DateLayout = "2006-01-02"

// Parse parses args (without the program name) with fs, which must use
// flag.ContinueOnError. On -h or -help it writes usage, then the flags'
// defaults, to w and returns flag.ErrHelp, which callers treat as
// success. A positional argument is an error: every input is a flag.
func Parse(fs *flag.FlagSet, w io.Writer, usage string, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(w)
			fmt.Fprintln(w, usage)
			fs.PrintDefaults()
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: every input is a flag (see -h)", fs.Arg(0))
	}
	return nil
}

// Date parses the value s of the flag named name as YYYY-MM-DD.
func Date(name, s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("-%s %q: want a date as YYYY-MM-DD", name, s)
	}
	return t, nil
}

// Policy reads the policy document in file, or returns the England &
// Wales reference policy when file is empty.
func Policy(file string) (*workload.Policy, error) {
	if file == "" {
		return workload.DefaultPolicy(), nil
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("reading policy: %w", err)
	}
	defer f.Close()
	p, err := workload.DecodePolicy(f)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", file, err)
	}
	return p, nil
}

// Caseload reads the caseload CSV in file, or the embedded demo data
// (described as demoName) when file is empty, and says where the data
// came from.
func Caseload(file string, demo []byte, demoName string) (workload.Roster, string, error) {
	var in io.Reader = bytes.NewReader(demo)
	source := demoName
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return workload.Roster{}, "", fmt.Errorf("reading caseload: %w", err)
		}
		defer f.Close()
		in, source = f, file
	}
	r, err := rostercsv.Read(in)
	if err != nil {
		return workload.Roster{}, "", fmt.Errorf("caseload %s: %w", source, err)
	}
	return r, source, nil
}

package exampleio

import (
	"bytes"
	"errors"
	"flag"
	"path/filepath"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	newFS := func() *flag.FlagSet {
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		fs.String("policy", "", "policy `file`")
		return fs
	}
	var out bytes.Buffer
	if err := Parse(newFS(), &out, "usage: x [flags]", []string{"-h"}); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	if got := out.String(); !strings.HasPrefix(got, "usage: x [flags]\n") || !strings.Contains(got, "-policy file") {
		t.Errorf("usage:\n%s", got)
	}
	err := Parse(newFS(), &out, "", []string{"-policy", "p.json", "stray"})
	if err == nil || err.Error() != `unexpected argument "stray": every input is a flag (see -h)` {
		t.Errorf("stray argument: %v", err)
	}
}

func TestDate(t *testing.T) {
	if d, err := Date("asof", "2026-11-23"); err != nil || d.Format(DateLayout) != "2026-11-23" {
		t.Errorf("got %v, %v", d, err)
	}
	if _, err := Date("asof", "23/11/2026"); err == nil || err.Error() != `-asof "23/11/2026": want a date as YYYY-MM-DD` {
		t.Errorf("bad date: %v", err)
	}
}

func TestPolicyAndCaseload(t *testing.T) {
	p, err := Policy("")
	if err != nil || p.Ref().Name != "england-wales-reference" {
		t.Fatalf("default policy: %v %v", p, err)
	}
	if _, err := Policy(filepath.Join(t.TempDir(), "none.json")); err == nil || !strings.HasPrefix(err.Error(), "reading policy: ") {
		t.Errorf("missing policy file: %v", err)
	}
	if _, _, err := Caseload("", []byte("officer,team,grade,hours\n"), "demo"); err == nil || !strings.HasPrefix(err.Error(), "caseload demo: ") {
		t.Errorf("bad demo: %v", err)
	}
}

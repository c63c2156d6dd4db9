package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/workload"
)

// TestDefaultIsShipped: the shipped policy files are exactly what
// `default` prints, so they can be regenerated with it.
func TestDefaultIsShipped(t *testing.T) {
	for _, tt := range []struct {
		args []string
		file string
	}{
		{nil, "england-wales.json"},
		{[]string{"-scheme", "us"}, "us-supervision-levels.json"},
	} {
		want, err := os.ReadFile(filepath.Join("..", "..", "policies", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		got := runArgs(t, append([]string{"default"}, tt.args...)...)
		if diff := cmp.Diff(string(want), got); diff != "" {
			t.Errorf("default %v differs from %s (-file +printed):\n%s", tt.args, tt.file, diff)
		}
	}
}

func TestValidate(t *testing.T) {
	out := runArgs(t, "validate", filepath.Join("..", "..", "policies", "us-supervision-levels.json"))
	if !strings.Contains(out, "valid policy us-supervision-levels 2026.12.0 (scheme us-supervision-levels, 5 tiers)") {
		t.Errorf("validate output:\n%s", out)
	}
	bad := workload.DefaultConfig()
	bad.Bands.Red = decimal.NewFromInt(90) // below over: invalid
	var b bytes.Buffer
	err := run(&b, []string{"validate", writePolicy(t, bad)})
	if err == nil || !strings.Contains(err.Error(), "bands.red") {
		t.Errorf("validate of a red band below over: %v, want an error naming bands.red", err)
	}
	if err := run(&b, []string{"validate"}); err == nil {
		t.Error("validate with no file: no error")
	}
}

func TestDiffCommand(t *testing.T) {
	a := workload.DefaultConfig()
	b := workload.DefaultConfig()
	b.Bands.Red = decimal.NewFromInt(120)
	b.Sustained.Weeks = 6
	out := runArgs(t, "diff", writePolicy(t, a), writePolicy(t, b))
	for _, want := range []string{"2 fields differ", "  bands.red: 110 → 120\n", "  sustained.weeks: 4 → 6\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("diff output lacks %q:\n%s", want, out)
		}
	}
	same := runArgs(t, "diff", writePolicy(t, a), filepath.Join("..", "..", "policies", "england-wales.json"))
	if !strings.Contains(same, "are the same policy") {
		t.Errorf("diff of the default and its shipped file:\n%s", same)
	}
}

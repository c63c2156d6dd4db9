package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRunEmbedded(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out, "", "2026-11-23", 365); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"MAPPA level 2, high RoSH\n  tier A2\n    protect: 172 protect points ≥ 150 → A",
		"High RSR, medium RoSH, domestic abuse\n  tier B2\n",
		"+ 20 rsr 7.00 (RSR ≥ 7.00)",
		"Woman with additional factors\n  tier C1\n",
		"+  2 women-factor parenting",
		"Unpaid work only\n  tier D0\n",
		"[no-mandate] no mandate for change (unpaid-work-only: the only current requirements are unpaid work) → 0; the change points are not used",
		"tier C2 [provisional]",
		"[no-needs-assessment] no valid needs assessment → 2; the change points are not used",
		"tier B2S (unsupervised)",
		"warning: assessment is 510 days old (stale after 365)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}

func TestRunBadInput(t *testing.T) {
	if err := run(&bytes.Buffer{}, "", "23/11/2026", 365); err == nil || !strings.Contains(err.Error(), "-asof") {
		t.Errorf("bad date: %v", err)
	}
	if err := run(&bytes.Buffer{}, "/does/not/exist.json", "2026-11-23", 365); err == nil {
		t.Error("missing file: no error")
	}
}

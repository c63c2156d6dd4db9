package main

import (
	"net/http"
	"testing"
	"unsafe"
)

// TestSettleSharesStrings: after start-up and after allocating,
// transferring and updating cases, every case an officer holds shares
// its officer's ID and the policy's tier name (one copy each, not one per
// case decoded), and reads exactly as sent. Broken on purpose (settle
// made a no-op), the pointer checks fail for the cases the events added.
func TestSettleSharesStrings(t *testing.T) {
	s := testService(t, config{})
	base := serveHandler(t, s.handler())
	for _, ev := range []map[string]any{
		{"id": "st-1", "type": "case-allocated", "officer": "off-3", "case": map[string]any{"id": "st-case-1", "tier": "B2", "type": "community", "start": "2026-11-01"}},
		{"id": "st-2", "type": "case-allocated", "officer": "off-3", "case": map[string]any{"id": "st-case-2", "tier": "D1", "type": "community", "start": "2026-11-01"}},
		{"id": "st-3", "type": "case-transferred", "officer": "off-4", "case": map[string]any{"id": "st-case-1"}},
		{"id": "st-4", "type": "case-updated", "case": map[string]any{"id": "st-case-2", "tier": "A1", "type": "community", "start": "2026-11-01"}},
	} {
		if r := postJSON(t, base+"/v1/events", ev); r.status != http.StatusOK {
			t.Fatalf("%v: %d %s", ev["id"], r.status, r.body)
		}
	}
	tiers := map[*byte]bool{}
	for _, tr := range s.policy.Scheme().Tiers() {
		tiers[unsafe.StringData(string(tr))] = true
	}
	want := map[string]string{"st-case-1": "off-4/B2", "st-case-2": "off-3/A1"}
	sn := s.st.load()
	cases := 0
	for id, e := range sn.officers {
		for _, c := range e.caseload.Cases {
			cases++
			if c.Officer != id || unsafe.StringData(c.Officer) != unsafe.StringData(e.caseload.Officer.ID) {
				t.Fatalf("case %s of %s: officer %q does not share the officer's ID", c.ID, id, c.Officer)
			}
			if !tiers[unsafe.StringData(string(c.Tier))] {
				t.Fatalf("case %s: tier %q is not the policy's own", c.ID, c.Tier)
			}
			if w, ok := want[c.ID]; ok {
				if got := c.Officer + "/" + string(c.Tier); got != w {
					t.Errorf("case %s: %s, want %s", c.ID, got, w)
				}
				delete(want, c.ID)
			}
		}
	}
	if len(want) > 0 || cases < 100 {
		t.Errorf("%d cases; not found: %v", cases, want)
	}
}

package workload_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

func TestDiffConfig(t *testing.T) {
	d := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	tests := []struct {
		name   string
		edit   func(c *workload.Config)
		want   []string
		reason string
	}{
		{name: "same", edit: func(*workload.Config) {}, want: nil},
		{name: "band and weight", edit: func(c *workload.Config) {
			c.Bands.Red = d("120")
			c.Tiers.Weights[tier.Community]["B2"] = d("120")
		}, want: []string{"bands.red: 110 → 120", "tiers.weights.community.B2: 115 → 120"},
			reason: "the issue's two examples: a band is reported as well as a weight"},
		{name: "trailing zeros are not a change", edit: func(c *workload.Config) {
			c.Bands.Red = d("110.00")
		}, want: nil},
		{name: "name and version", edit: func(c *workload.Config) {
			c.Name, c.Version = "ours", "2026.12.1"
		}, want: []string{"name: england-wales-reference → ours", "version: 2026.12.0 → 2026.12.1"}},
		{name: "distribution threshold added", edit: func(c *workload.Config) {
			c.Distribution = append(c.Distribution, d("150"))
		}, want: []string{"distribution[3]: added 150"}},
		{name: "flag cap removed", edit: func(c *workload.Config) {
			c.Allocation.FlagCaps = c.Allocation.FlagCaps[:len(c.Allocation.FlagCaps)-1]
		}, want: []string{"allocation.flagCaps[1]: removed {\"action\":\"warn\",\"flags\":[\"domestic-abuse\"],\"max\":20,\"name\":\"domestic-abuse\"}"},
			reason: "a rule removed is reported whole"},
		{name: "ungraded omitted", edit: func(c *workload.Config) {
			c.UngradedAs = 0
		}, want: []string{"ungradedAs: removed PO"}},
		{name: "grade target", edit: func(c *workload.Config) {
			g := c.Grades[workload.PSO]
			g.Target = d("2000")
			c.Grades[workload.PSO] = g
		}, want: []string{"grades.PSO.target: 2176 → 2000"}},
		{name: "rounding", edit: func(c *workload.Config) {
			c.Rounding.CapacityPlaces = 1
			c.ReferenceCompatible = true
		}, want: []string{"referenceCompatible: false → true", "rounding.capacityPlaces: 3 → 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := workload.DefaultConfig(), workload.DefaultConfig()
			tt.edit(&b)
			var got []string
			for _, c := range workload.DiffConfig(a, b) {
				got = append(got, c.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("DiffConfig (-want +got):\n%s\n%s", diff, tt.reason)
			}
		})
	}
}

// TestDiffConfigSymmetric: swapping the sides swaps before and after, and
// added and removed, path for path; a configuration never differs from
// itself.
func TestDiffConfigSymmetric(t *testing.T) {
	a, b := workload.DefaultConfig(), workload.SupervisionLevelsConfig()
	if got := workload.DiffConfig(b, b); len(got) != 0 {
		t.Fatalf("DiffConfig(b, b) = %v, want nothing", got)
	}
	ab, ba := workload.DiffConfig(a, b), workload.DiffConfig(b, a)
	if len(ab) == 0 || len(ab) != len(ba) {
		t.Fatalf("len %d and %d", len(ab), len(ba))
	}
	for i := range ab {
		x, y := ab[i], ba[i]
		if x.Path != y.Path || x.Before != y.After || x.After != y.Before || x.Added != y.Removed || x.Removed != y.Added {
			t.Errorf("%v is not the mirror of %v", x, y)
		}
	}
}

func TestShippedPolicyFiles(t *testing.T) {
	for _, tt := range []struct {
		file string
		want workload.Config
	}{
		{"england-wales.json", workload.DefaultConfig()},
		{"us-supervision-levels.json", workload.SupervisionLevelsConfig()},
	} {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("..", "policies", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := workload.DecodeConfig(f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s does not decode to the built-in policy (-want +got):\n%s", tt.file, diff)
			}
			if ch := workload.DiffConfig(tt.want, got); len(ch) != 0 {
				t.Errorf("DiffConfig finds %v", ch)
			}
			if _, err := f.Seek(0, 0); err != nil {
				t.Fatal(err)
			}
			p, err := workload.DecodePolicy(f)
			if err != nil {
				t.Fatal(err)
			}
			if p.Ref().Name != tt.want.Name {
				t.Errorf("name %q", p.Ref().Name)
			}
		})
	}
}

func ExampleDiffConfig() {
	before := workload.DefaultConfig()
	after := workload.DefaultConfig()
	after.Version = "2026.12.1"
	after.Bands.Red = decimal.NewFromInt(120)
	after.Tiers.Weights[tier.Community]["B2"] = decimal.NewFromInt(120)
	for _, c := range workload.DiffConfig(before, after) {
		fmt.Println(c)
	}
	// Output:
	// bands.red: 110 → 120
	// tiers.weights.community.B2: 115 → 120
	// version: 2026.12.0 → 2026.12.1
}

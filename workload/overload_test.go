package workload

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSustainedOverload(t *testing.T) {
	p := DefaultPolicy()
	week := func(n int) time.Time { return asOf.AddDate(0, 0, 7*n) }
	ld := func(id string, points string, avail string) Load {
		return Load{Officer: id, Points: d(points), Available: d(avail), Cases: 1}
	}
	snaps := []Snapshot{
		{AsOf: week(3), Loads: []Load{ld("x", "111", "100"), ld("y", "110", "100"), ld("z", "200", "100")}},
		{AsOf: week(0), Loads: []Load{ld("x", "120", "100"), ld("y", "150", "100"), ld("z", "200", "100")}},
		{AsOf: week(1), Loads: []Load{ld("x", "120", "100"), ld("y", "150", "100"), ld("z", "200", "100")}},
		{AsOf: week(2), Loads: []Load{ld("x", "110.01", "100"), ld("y", "150", "100"), ld("z", "5", "0")}},
		{AsOf: week(5), Loads: []Load{ld("x", "120", "100"), ld("z", "200", "100")}},
	}
	got, err := p.SustainedOverload(snaps)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range got {
		names = append(names, o.String())
	}
	want := []string{
		"x: 4 weeks over from 2026-11-23 to 2026-12-14",
		"z: 4 weeks over from 2026-11-23 to 2026-12-14",
	}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if !got[1].NoCapacity[2] {
		t.Errorf("z's third week had no capacity: %v", got[1].NoCapacity)
	}
	if _, err := p.SustainedOverload([]Snapshot{{AsOf: week(0)}, {AsOf: week(0)}}); !errors.Is(err, ErrDuplicate) {
		t.Errorf("two snapshots on one date: %v", err)
	}
}

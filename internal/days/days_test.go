package days

import (
	"testing"
	"time"
)

func TestNumberMatchesUnixDays(t *testing.T) {
	for _, s := range []string{"1970-01-01", "1900-01-01", "2000-02-29", "2024-12-31", "2200-12-31", "1600-03-01"} {
		tm, _ := time.Parse("2006-01-02", s)
		want := tm.Unix() / 86400
		if tm.Unix() < 0 && tm.Unix()%86400 != 0 {
			want--
		}
		if got := Number(tm); got != want {
			t.Errorf("Number(%s) = %d, want %d", s, got, want)
		}
		if got := Date(Number(tm)); !got.Equal(tm) {
			t.Errorf("Date(Number(%s)) = %s", s, got)
		}
	}
}

func TestBetweenIgnoresTimeOfDayAndZone(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no time zone data")
	}
	a := time.Date(2026, 3, 28, 23, 30, 0, 0, london) // the day before the clocks change
	b := time.Date(2026, 3, 30, 0, 15, 0, 0, london)
	if got := Between(a, b); got != 2 {
		t.Errorf("Between = %d, want 2", got)
	}
	if got := Between(b, a); got != -2 {
		t.Errorf("Between reversed = %d, want -2", got)
	}
}

// TestNumberFastPathMatchesCivil: the UTC fast path agrees with the
// calendar computation, in UTC and in other zones, over ±250 years.
func TestNumberFastPathMatchesCivil(t *testing.T) {
	locs := []*time.Location{time.UTC, time.FixedZone("east", 14*3600), time.FixedZone("west", -12*3600), time.Local}
	for i := int64(0); i < 200000; i++ {
		u := -5e9 + i*65537 + i*i%86400
		for _, loc := range locs {
			at := time.Unix(u, 0).In(loc)
			if got, want := Number(at), civilNumber(at); got != want {
				t.Fatalf("Number(%s) = %d, civil date gives %d", at, got, want)
			}
		}
	}
}

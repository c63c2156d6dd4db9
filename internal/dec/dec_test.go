package dec

import (
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/openprobation/caseload/internal/alloc"
)

func TestToMicro(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int64
		err  string
	}{
		{"0", 0, ""},
		{"2176", 2176_000000, ""},
		{"37.5", 37_500000, ""},
		{"-1.8", -1_800000, ""},
		{"0.000001", 1, ""},
		{"1.5000000000", 1_500000, ""},
		{"999999999.999999", 999999999_999999, ""},
		{"0.0000001", 0, "more than 6 decimal places"},
		{"1000000000", 0, "magnitude of 10^9 or more"},
		{"1e9999", 0, "magnitude of 10^9 or more"},
		{"1e-9999", 0, "more than 6 decimal places"},
	} {
		d := decimal.RequireFromString(tt.in)
		got, err := ToMicro(d)
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("ToMicro(%s) = %d, %v; want %d", tt.in, got, err, tt.want)
		case tt.err != "" && (err == nil || err.Error() != tt.err):
			t.Errorf("ToMicro(%s) error = %v; want %q", tt.in, err, tt.err)
		}
	}
}

func TestToMicroHostileIsQuick(t *testing.T) {
	big := decimal.New(1, 999999999)
	var errBig, errTiny error
	n := alloc.Bytes(func() {
		errBig = Check(big)
		errTiny = Check(decimal.New(7, -999999999))
	})
	if errBig == nil {
		t.Fatal("1e999999999 passed")
	}
	if errTiny == nil {
		t.Fatal("7e-999999999 passed")
	}
	if n > 1<<20 {
		t.Fatalf("allocated %d KiB", n>>10)
	}
}

func TestFromMicroRoundTrip(t *testing.T) {
	for _, m := range []int64{0, 1, -1, 2_500000, 2176_000000, 999999999_999999} {
		d := FromMicro(m)
		back, err := ToMicro(d)
		if err != nil || back != m {
			t.Errorf("FromMicro(%d) = %s → %d, %v", m, d, back, err)
		}
	}
	if s := FromMicro(2_500000).String(); s != "2.5" {
		t.Errorf("FromMicro(2.5) prints %q", s)
	}
	if p := Places(decimal.RequireFromString("6.990")); p != 2 {
		t.Errorf("Places(6.990) = %d, want 2", p)
	}
}

// testToMicroFastPath: the allocation-free path decides every decimal it
// takes exactly as the big.Int path does, for coefficients up to 18
// digits and exponents around every boundary. (Checked to fail: dropping
// the remainder test, so that 1.0000001 converts.)
func testToMicroFastPath(t *rapid.T) {
	digits := rapid.IntRange(1, 19).Draw(t, "digits")
	coef := rapid.Int64Range(-Pow10[digits-1]*9, Pow10[digits-1]*9).Draw(t, "coef")
	if digits == 19 {
		coef = rapid.Int64().Draw(t, "coef19")
	}
	exp := int32(rapid.IntRange(-45, 45).Draw(t, "exp"))
	d := decimal.New(coef, exp)
	if d.IsZero() {
		return
	}
	small, v := toMicroSmall(d, exp)
	big, err := toMicroBig(d, exp)
	switch v {
	case verdictUndecided:
		if d.NumDigits() <= 18 && exp >= -maxRawExp && exp <= maxRawExp {
			t.Fatalf("%s: undecided", d)
		}
	case verdictOK:
		if err != nil || small != big {
			t.Fatalf("%s: fast %d, big %d (%v)", d, small, big, err)
		}
	case verdictTooPrecise:
		if err != errTooPrecise {
			t.Fatalf("%s: fast too precise, big %d (%v)", d, big, err)
		}
	case verdictTooLarge:
		if err != errTooLarge {
			t.Fatalf("%s: fast too large, big %d (%v)", d, big, err)
		}
	}
}

func TestToMicroFastPath(t *testing.T) { rapid.Check(t, testToMicroFastPath) }
func FuzzToMicroFastPath(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testToMicroFastPath)) }

// TestToMicroAllocatesNothing: converting an ordinary decimal (hours,
// weights, points) builds no big.Int.
func TestToMicroAllocatesNothing(t *testing.T) {
	d := decimal.RequireFromString("37.5")
	if n := testing.AllocsPerRun(100, func() { _, _ = ToMicro(d) }); n != 0 {
		t.Fatalf("ToMicro(37.5) allocates %v times", n)
	}
}

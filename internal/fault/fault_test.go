package fault

import (
	"errors"
	"strings"
	"testing"
)

func TestFieldErrorMessage(t *testing.T) {
	err := New("risk", "rsr", "101", ErrOutOfRange, "must be between 0 and 100")
	if got, want := err.Error(), `risk: rsr "101": out of range: must be between 0 and 100`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if !errors.Is(err, ErrOutOfRange) {
		t.Error("sentinel lost")
	}
	long := New("tier", "tier", strings.Repeat("é", 100), ErrUnknown, "")
	if len(long.Error()) > 120 || !strings.Contains(long.Error(), "…(200 bytes)") {
		t.Errorf("long value not shortened: %q", long.Error())
	}
}

func TestListBounded(t *testing.T) {
	l := List{Pkg: "workload", Max: 2}
	for i := 0; i < 5; i++ {
		l.Add("f", "v", ErrMissing, "")
	}
	if l.Len() != 5 {
		t.Errorf("Len = %d, want 5", l.Len())
	}
	msg := l.Err().Error()
	if strings.Count(msg, "\n") != 2 || !strings.HasSuffix(msg, "workload: and 3 more problems not listed") {
		t.Errorf("got %q", msg)
	}
	var empty List
	if empty.Err() != nil {
		t.Error("an empty list is not nil")
	}
}

func TestSyntaxKeepsFieldErrors(t *testing.T) {
	inner := New("risk", "flag", "iom", ErrDuplicate, "each value may be given once")
	err := Syntax("risk", "assessment", inner)
	if !errors.Is(err, ErrDuplicate) || !errors.Is(err, ErrSyntax) {
		t.Errorf("sentinels lost: %v", err)
	}
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "flag" {
		t.Errorf("field lost: %#v", err)
	}
	plain := Syntax("risk", "assessment", errors.New("unexpected end of JSON input"))
	if !errors.Is(plain, ErrSyntax) || plain.Error() != `risk: assessment "": syntax error: unexpected end of JSON input` {
		t.Errorf("got %v", plain)
	}
}

package strictjson

import (
	"reflect"
	"slices"
	"testing"
)

func TestMismatch(t *testing.T) {
	type leaf struct {
		A    int `json:"a,omitempty"`
		Skip int `json:"-"`
		B    int
		c    int
	}
	type doc struct {
		Name  string          `json:"name"`
		Leafs []leaf          `json:"leafs"`
		ByKey map[string]leaf `json:"byKey"`
		Self  *doc            `json:"self"`
	}
	_ = leaf{}.c
	missing, unused := NewKeys("name", "leafs", "a", "zzz").Mismatch(reflect.TypeFor[doc](), "extra")
	if want := []string{"B", "byKey", "extra", "self"}; !slices.Equal(missing, want) {
		t.Errorf("missing %q, want %q", missing, want)
	}
	if want := []string{"zzz"}; !slices.Equal(unused, want) {
		t.Errorf("unused %q, want %q", unused, want)
	}
}

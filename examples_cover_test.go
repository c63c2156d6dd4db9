package caseload_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// boilerplate are methods whose behaviour is the interface they satisfy
// (fmt.Stringer, encoding.TextMarshaler, json.Marshaler, error): their
// Examples would only restate the interface.
var boilerplate = map[string]bool{
	"String": true, "MarshalText": true, "UnmarshalText": true, "MarshalJSON": true,
	"UnmarshalJSON": true, "Error": true, "Unwrap": true,
}

// TestEntryPointsHaveExamples fails when an exported function or method
// of risk, tier or workload has no Example (ExampleF, ExampleT_M), so
// that every entry point has documentation that is run and cannot rot.
func TestEntryPointsHaveExamples(t *testing.T) {
	for _, pkg := range []string{"risk", "tier", "workload"} {
		var missing []string
		for _, name := range entryPoints(t, pkg) {
			if !hasExample(t, pkg, name) {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			t.Errorf("%s: %d entry points without an Example: %s", pkg, len(missing), strings.Join(missing, ", "))
		}
	}
}

func parseDir(t *testing.T, dir string, tests bool) []*ast.File {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []*ast.File
	for _, e := range ents {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") != tests {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, n), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, f)
	}
	return out
}

// entryPoints lists the package's exported functions ("F") and the
// exported methods of its exported types ("T_M"), boilerplate aside.
func entryPoints(t *testing.T, pkg string) []string {
	var out []string
	for _, f := range parseDir(t, pkg, false) {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() {
				continue
			}
			if fd.Recv == nil {
				out = append(out, fd.Name.Name)
				continue
			}
			typ := fd.Recv.List[0].Type
			if s, ok := typ.(*ast.StarExpr); ok {
				typ = s.X
			}
			if ix, ok := typ.(*ast.IndexExpr); ok {
				typ = ix.X
			}
			id, ok := typ.(*ast.Ident)
			if !ok || !id.IsExported() || boilerplate[fd.Name.Name] {
				continue
			}
			out = append(out, id.Name+"_"+fd.Name.Name)
		}
	}
	sort.Strings(out)
	return out
}

var examples = map[string]map[string]bool{}

// hasExample reports whether the package's tests hold ExampleName or
// ExampleName_suffix (a second example of the same entry point).
func hasExample(t *testing.T, pkg, name string) bool {
	ex, ok := examples[pkg]
	if !ok {
		ex = map[string]bool{}
		for _, f := range parseDir(t, pkg, true) {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && strings.HasPrefix(fd.Name.Name, "Example") {
					ex[strings.TrimPrefix(fd.Name.Name, "Example")] = true
				}
			}
		}
		examples[pkg] = ex
	}
	if ex[name] {
		return true
	}
	for e := range ex {
		if rest, ok := strings.CutPrefix(e, name+"_"); ok && rest != "" && rest[0] >= 'a' && rest[0] <= 'z' {
			return true
		}
	}
	return false
}

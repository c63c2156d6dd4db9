package caseload_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestTestOnlyImports keeps test machinery out of users' binaries: rapid
// and go-cmp are imported only from _test.go files, with one exception,
// internal/gen, the generators shared by the risk and tier tests, which
// is itself imported only from _test.go files.
func TestTestOnlyImports(t *testing.T) {
	const genPkg = "github.com/openprobation/caseload/internal/gen"
	testOnly := map[string]bool{"pgregory.net/rapid": true, "github.com/google/go-cmp/cmp": true, genPkg: true}
	seen := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != "." && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if filepath.Ext(path) != ".go" || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		inGen := filepath.ToSlash(filepath.Dir(path)) == "internal/gen"
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if p == genPkg || strings.HasPrefix(p, "github.com/google/go-cmp/") {
				p = map[bool]string{true: genPkg, false: "github.com/google/go-cmp/cmp"}[p == genPkg]
			}
			if !testOnly[p] {
				continue
			}
			seen++
			if inGen && p == "pgregory.net/rapid" {
				continue
			}
			t.Errorf("%s imports %s outside a _test.go file", path, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen == 0 {
		t.Fatal("internal/gen's own rapid import was not seen: the walk is broken")
	}
}

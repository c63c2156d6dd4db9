package caseload_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// fileRef matches a reference to a repository file by its extension,
// optionally followed by a heading anchor ("docs/domain.md#capacity") or
// by quoted section names (`docs/domain.md, "Capacity" and "Tiers"`).
var fileRef = regexp.MustCompile(`((?:\.\./)*[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*\.(?:md|json|csv))(?:#([a-z0-9-]+)|((?:,? "[^"\n]+"(?: and "[^"\n]+")*)))?`)

var quoted = regexp.MustCompile(`"([^"\n]+)"`)

// TestDocReferencesExist fails on a doc comment, Markdown page or JSON
// note that cites a repository file that does not exist, or a section of
// a Markdown file that it does not have. A reference is a path with a
// directory ("docs/domain.md", "tier/testdata/reference-weights.json") or a Markdown file
// name ("README.md"); a bare data file name ("-csv export.csv") is a
// user's file, not the repository's. A reference resolves against the
// citing file's directory or any directory above it, up to the
// repository root.
func TestDocReferencesExist(t *testing.T) {
	n := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != "." && (strings.HasPrefix(name, ".") || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if path == "CHANGELOG.md" || strings.HasPrefix(path, ".changes") {
			return nil // history may name files that are gone
		}
		var texts []string
		switch filepath.Ext(path) {
		case ".go":
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
			if err != nil {
				return err
			}
			for _, g := range f.Comments {
				texts = append(texts, g.Text())
			}
		case ".md", ".json":
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			texts = append(texts, string(b))
		default:
			return nil
		}
		for _, text := range texts {
			text = strings.Join(strings.Fields(text), " ") // a reference may wrap
			for _, m := range fileRef.FindAllStringSubmatchIndex(text, -1) {
				ref := text[m[2]:m[3]]
				if m[2] > 0 && strings.ContainsRune("/:.@", rune(text[m[2]-1])) {
					continue // part of a URL or module path
				}
				if first, _, _ := strings.Cut(strings.TrimLeft(ref, "./"), "/"); strings.Contains(first, ".") && strings.Contains(ref, "/") {
					continue // a host name: github.com/…
				}
				if !strings.Contains(ref, "/") && !strings.HasSuffix(ref, ".md") {
					continue // "-csv export.csv": a user's file in a usage line
				}
				n++
				target, ok := resolve(filepath.Dir(path), ref)
				if !ok {
					t.Errorf("%s: cites %s, which is not in the repository", path, ref)
					continue
				}
				var sections []string
				if m[4] >= 0 {
					sections = append(sections, "#"+text[m[4]:m[5]])
				}
				if m[6] >= 0 {
					for _, q := range quoted.FindAllStringSubmatch(text[m[6]:m[7]], -1) {
						sections = append(sections, q[1])
					}
				}
				if len(sections) > 0 && strings.HasSuffix(target, ".md") {
					checkSections(t, path, ref, target, sections)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("found no references at all: the pattern is broken")
	}
}

// resolve finds ref relative to dir or one of its parents up to the
// repository root (the test's working directory).
func resolve(dir, ref string) (string, bool) {
	for {
		p := filepath.Join(dir, filepath.FromSlash(ref))
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
		if dir == "." || dir == "" {
			return "", false
		}
		dir = filepath.Dir(dir)
	}
}

// checkSections reports a cited section (a heading, or "#" and its
// anchor) that the Markdown file target does not have.
func checkSections(t *testing.T, path, ref, target string, sections []string) {
	t.Helper()
	b, err := os.ReadFile(target)
	if err != nil {
		t.Error(err)
		return
	}
	headings, anchors := map[string]bool{}, map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "#") {
			continue
		}
		h := strings.TrimSpace(strings.TrimLeft(line, "#"))
		headings[h] = true
		anchors[slug(h)] = true
	}
	for _, s := range sections {
		if a, ok := strings.CutPrefix(s, "#"); ok {
			if !anchors[a] {
				t.Errorf("%s: cites %s#%s, which has no such heading", path, ref, a)
			}
		} else if !headings[s] {
			t.Errorf("%s: cites section %q of %s, which has no such heading", path, s, ref)
		}
	}
}

// slug is the anchor GitHub gives a heading: lower case, spaces to
// hyphens, punctuation dropped.
func slug(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		}
	}
	return b.String()
}

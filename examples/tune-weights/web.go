package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

//go:embed page.html
var pageHTML string

var pageTemplate = template.Must(template.New("page").Parse(pageHTML))

// server is the tuning page: the caseload, the policy before the change,
// and the directory tuned policies are saved to.
type server struct {
	roster workload.Roster
	source string
	asOf   time.Time
	before *workload.Policy
	start  workload.Config // the policy the page opens with (after)
	outDir string
	mb     *workload.Measurement

	mu sync.Mutex // serialises saves, so two never pick the same version
}

func newServer(roster workload.Roster, source string, asOf time.Time, before *workload.Policy, start workload.Config, outDir string) (*server, error) {
	mb, err := measure(before, roster, asOf)
	if err != nil {
		return nil, err
	}
	return &server{roster: roster, source: source, asOf: asOf, before: before, start: start, outDir: outDir, mb: mb}, nil
}

// loopback reports whether addr's host is a loopback address or
// "localhost": the page edits files and must not be served to a network.
func loopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("-addr %q: the tuning page serves only a loopback address (127.0.0.1, ::1 or localhost)", addr)
}

// serve listens on addr and serves the page until the listener fails.
func (s *server) serve(w io.Writer, addr string) error {
	if err := loopback(addr); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "tuning page: http://%s/ (saving to %s; Ctrl-C to stop)\n", ln.Addr(), s.outDir)
	hs := &http.Server{Handler: s.handler(), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
	return hs.Serve(ln)
}

func (s *server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.page)
	mux.HandleFunc("POST /api/recompute", s.recompute)
	mux.HandleFunc("POST /api/save", s.save)
	return mux
}

// Field is one editable number of the policy, named by its JSON path.
type Field struct {
	Path  string // JSON path, as DiffConfig names it
	ID    string // HTML id
	Label string
	Value string
	Kind  string // "decimal" (a string in the document) or "int"
	// Options, when set, make the field a choice.
	Options []string
}

// WeightRow is one tier's weights by case type.
type WeightRow struct {
	Tier   string
	Fields []Field
}

type pageData struct {
	Source, AsOf string
	Before       workload.PolicyRef
	CaseTypes    []string
	Weights      []WeightRow
	// Quiet are the rows of unsupervised (S) tiers and untiered cases,
	// shown folded away (open when any of their weights is not zero).
	Quiet            []WeightRow
	QuietOpen        bool
	Name, Version    Field
	Bands, Mix, Lads []Field
	Base             template.JS // the policy document the page edits
	Result           result
	SVG              template.HTML
	OutDir           string
}

// page renders the tuning page with the starting policy measured.
func (s *server) page(w http.ResponseWriter, r *http.Request) {
	doc, err := json.Marshal(s.start)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	res := s.result(s.start)
	d := pageData{
		Source: s.source, AsOf: s.asOf.Format(dateLayout), Before: s.before.Ref(),
		Base: template.JS(doc), Result: res, SVG: template.HTML(res.SVG), OutDir: s.outDir,
	}
	tree, err := configTree(s.start)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	d.Name = Field{Path: "name", ID: "f-name", Label: "Policy name", Value: s.start.Name, Kind: "string"}
	d.Version = Field{Path: "version", ID: "f-version", Label: "Version", Value: s.start.Version, Kind: "string"}
	for _, ct := range tier.CaseTypes() {
		d.CaseTypes = append(d.CaseTypes, ct.String())
	}
	for _, tr := range s.start.Tiers.Scheme.Tiers() {
		row := WeightRow{Tier: tr.String()}
		for _, ct := range tier.CaseTypes() {
			v := s.start.Tiers.Weights[ct][tr]
			row.Fields = append(row.Fields, Field{Path: "tiers.weights." + ct.String() + "." + tr.String(),
				Label: ct.String() + " " + tr.String(), Value: v.String(), Kind: "decimal"})
		}
		if tr.Unsupervised() || tr == tier.Untiered {
			d.Quiet = append(d.Quiet, row)
			for _, f := range row.Fields {
				d.QuietOpen = d.QuietOpen || f.Value != "0"
			}
			continue
		}
		d.Weights = append(d.Weights, row)
	}
	m := tree.(map[string]any)
	for _, p := range []string{"bands", "distribution", "rawCountCeiling", "sustained"} {
		d.Bands = appendFields(d.Bands, p, m[p], false)
	}
	d.Mix = appendFields(nil, "allocation", m["allocation"], false)
	d.Lads = appendFields(nil, "priority", m["priority"], true)
	ids := 0
	for _, fs := range [][]Field{d.Bands, d.Mix, d.Lads} {
		for i := range fs {
			ids++
			fs[i].ID = "f-" + strconv.Itoa(ids)
		}
	}
	for _, rows := range [][]WeightRow{d.Weights, d.Quiet} {
		for i := range rows {
			for k := range rows[i].Fields {
				ids++
				rows[i].Fields[k].ID = "f-" + strconv.Itoa(ids)
			}
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, d); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	_, _ = w.Write(b.Bytes())
}

// configTree decodes a configuration's document into generic values,
// numbers kept as text.
func configTree(c workload.Config) (any, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	return v, d.Decode(&v)
}

// Priority grades a ladder rule may give.
var ladderGrades = []string{"P1", "P2", "P3", "P4"}

// appendFields adds the editable numbers under a document value: every
// JSON number, and every decimal string outside a list (lists of strings
// hold enum values such as MAPPA levels, which are not edited here) or in
// the distribution. With grades, the priority grades of the ladder's rules
// are choices.
func appendFields(out []Field, path string, v any, grades bool) []Field {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		// Names and codes first read better; keep the document's keys sorted
		// otherwise.
		for _, k := range keys {
			if grades && k == "grade" {
				if g, ok := x[k].(string); ok {
					out = append(out, Field{Path: path + ".grade", Label: label(path) + " " + ruleName(x) + " grade", Value: g, Kind: "string", Options: ladderGrades})
				}
				continue
			}
			out = appendFields(out, path+"."+k, x[k], grades)
		}
	case []any:
		for i, e := range x {
			p := path + "[" + strconv.Itoa(i) + "]"
			if s, ok := e.(string); ok {
				if path == "distribution" && isDecimal(s) {
					out = append(out, Field{Path: p, Label: "distribution threshold " + strconv.Itoa(i+1) + " (%)", Value: s, Kind: "decimal"})
				}
				continue
			}
			out = appendFields(out, p, e, grades)
		}
	case json.Number:
		out = append(out, Field{Path: path, Label: label(path), Value: string(x), Kind: "int"})
	case string:
		if isDecimal(x) {
			out = append(out, Field{Path: path, Label: label(path), Value: x, Kind: "decimal"})
		}
	}
	return out
}

func ruleName(m map[string]any) string {
	for _, k := range []string{"code", "name"} {
		if s, ok := m[k].(string); ok {
			return s
		}
	}
	return ""
}

// label turns a JSON path into words, with camelCase split and without
// the allocation or priority section the field is shown under:
// "allocation.flagCaps[0].max" → "flag caps 1 max", "rawCountCeiling" →
// "raw count ceiling" (positions counted from 1).
func label(path string) string {
	path = listIndex.ReplaceAllStringFunc(path, func(m string) string {
		n, _ := strconv.Atoi(m[1 : len(m)-1])
		return "." + strconv.Itoa(n+1)
	})
	if first, rest, ok := strings.Cut(path, "."); ok && (first == "allocation" || first == "priority") {
		path = rest
	}
	var b strings.Builder
	for i, r := range path {
		switch {
		case r == '.':
			b.WriteByte(' ')
		case r >= 'A' && r <= 'Z' && i > 0:
			b.WriteByte(' ')
			b.WriteRune(r - 'A' + 'a')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

var listIndex = regexp.MustCompile(`\[[0-9]+\]`)

func isDecimal(s string) bool {
	if s == "" {
		return false
	}
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.' && !dot:
			dot = true
		case c == '-' && i == 0:
		case c < '0' || c > '9':
			return false
		}
	}
	return true
}

// officerRow is one officer's figures before and after.
type officerRow struct {
	Officer    string `json:"officer"`
	Grade      string `json:"grade"`
	Cases      int    `json:"cases"`
	Before     string `json:"before"`
	After      string `json:"after"`
	Change     string `json:"change"`
	BandBefore string `json:"bandBefore"`
	BandAfter  string `json:"bandAfter"`
	Moved      string `json:"moved"` // "down", "up" or ""
}

// result is the answer to a recompute: everything the page shows.
type result struct {
	Error      string       `json:"error,omitempty"`
	Policy     string       `json:"policy,omitempty"`
	Officers   []officerRow `json:"officers"`
	TeamBefore string       `json:"teamBefore"`
	TeamAfter  string       `json:"teamAfter"`
	Summary    string       `json:"summary"`
	Diff       []string     `json:"diff"`
	SVG        string       `json:"svg"`
}

// result measures the caseload with cfg as the policy after.
func (s *server) result(cfg workload.Config) result {
	after, err := workload.NewPolicy(cfg)
	if err != nil {
		return result{Error: err.Error()}
	}
	ma, err := measure(after, s.roster, s.asOf)
	if err != nil {
		return result{Error: err.Error()}
	}
	res := result{Policy: after.Ref().Name + " " + after.Ref().Version,
		TeamBefore: summaryCapacity(s.mb.National), TeamAfter: summaryCapacity(ma.National), Summary: summarize(s.mb, ma)}
	for i, b := range s.mb.Loads() {
		a := ma.LoadAt(i)
		row := officerRow{Officer: b.Officer, Grade: b.Grade.String(), Cases: b.Cases,
			Before: capacityText(b), After: capacityText(a), BandBefore: b.Band.String(), BandAfter: a.Band.String()}
		if !idle(b) && b.Band != workload.BandNoCapacity && a.Band != workload.BandNoCapacity {
			row.Change = signed(a.Capacity.Sub(b.Capacity), 3)
		}
		if idle(b) && idle(a) {
			row.BandBefore, row.BandAfter = "-", "-"
		}
		switch rb, ra := bandRank(b.Band), bandRank(a.Band); {
		case ra < rb:
			row.Moved = "down"
		case ra > rb:
			row.Moved = "up"
		}
		res.Officers = append(res.Officers, row)
	}
	for _, c := range workload.DiffConfig(s.before.Config(), cfg) {
		res.Diff = append(res.Diff, c.String())
	}
	if len(res.Diff) > 0 && after.Ref() == s.before.Ref() {
		res.Policy += ", edited"
	}
	var b bytes.Buffer
	if err := writeSVG(&b, s.mb, ma, len(res.Diff) > 0); err != nil {
		return result{Error: err.Error()}
	}
	res.SVG = b.String()
	return res
}

// readBody decodes a posted policy document strictly.
func readBody(w http.ResponseWriter, r *http.Request) (workload.Config, error) {
	body := http.MaxBytesReader(w, r.Body, workload.MaxPolicyBytes)
	return workload.DecodeConfig(body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// recompute measures the caseload with the posted policy.
func (s *server) recompute(w http.ResponseWriter, r *http.Request) {
	cfg, err := readBody(w, r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, result{Error: err.Error()})
		return
	}
	res := s.result(cfg)
	status := http.StatusOK
	if res.Error != "" {
		status = http.StatusUnprocessableEntity
	}
	writeJSON(w, status, res)
}

// saved is the answer to a save.
type saved struct {
	Error   string `json:"error,omitempty"`
	File    string `json:"file,omitempty"`
	Name    string `json:"name,omitempty"`
	Version string `json:"version,omitempty"`
}

// bumpVersion raises the last number of a version: 2026.11.0 →
// 2026.11.1; a version not ending in a number gets ".1".
func bumpVersion(v string) string {
	i := len(v)
	for i > 0 && v[i-1] >= '0' && v[i-1] <= '9' {
		i--
	}
	if i == len(v) || len(v)-i > 9 {
		return v + ".1"
	}
	n, _ := strconv.Atoi(v[i:])
	return v[:i] + strconv.Itoa(n+1)
}

// fileName makes a policy name and version safe as a file name.
func fileName(name, version string) string {
	clean := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '-' || r == '.' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				return r
			}
			return '_'
		}, s)
	}
	return clean(name) + "-" + strings.TrimLeft(clean(version), ".") + ".json"
}

// save writes the posted policy, its version bumped, to the output
// directory, never over an existing file (the version is bumped again
// until the name is free), and reads it back with DecodePolicy.
func (s *server) save(w http.ResponseWriter, r *http.Request) {
	cfg, err := readBody(w, r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, saved{Error: err.Error()})
		return
	}
	if _, err := workload.NewPolicy(cfg); err != nil {
		writeJSON(w, http.StatusUnprocessableEntity, saved{Error: err.Error()})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	file, cfg, err := saveVersioned(s.outDir, cfg)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, saved{Error: err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, saved{File: file, Name: cfg.Name, Version: cfg.Version})
}

// saveVersioned writes cfg, its version bumped, to dir as
// NAME-VERSION.json, never over an existing file (the version is bumped
// again until the name is free), after checking the document reads back
// with DecodePolicy. It returns the file and the configuration as saved.
func saveVersioned(dir string, cfg workload.Config) (string, workload.Config, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", cfg, err
	}
	var file string
	for range 1000 {
		cfg.Version = bumpVersion(cfg.Version)
		file = filepath.Join(dir, fileName(cfg.Name, cfg.Version))
		if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
			break
		}
	}
	var b bytes.Buffer
	if err := writeConfig(&b, cfg); err != nil {
		return "", cfg, err
	}
	if _, err := workload.DecodePolicy(bytes.NewReader(b.Bytes())); err != nil {
		return "", cfg, fmt.Errorf("the saved document does not read back: %w", err)
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err == nil {
		_, err = f.Write(b.Bytes())
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return "", cfg, err
	}
	return file, cfg, nil
}

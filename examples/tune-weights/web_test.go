package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
	"github.com/openprobation/caseload/workload/rostercsv"
)

// smallTeam is two full-time officers holding community B2 cases (115
// points each in the reference table, 2,176 points available each): o-1 a
// PO with 10 (1,150 points, 52.849%), o-2 a PSO with 20 (2,300 points,
// 105.699%, over). The team is 3,450 of 4,352: 79.274%.
func smallTeam(t *testing.T) workload.Roster {
	t.Helper()
	var b strings.Builder
	b.WriteString("officer,team,grade,hours,case,tier,type\n")
	for i := range 30 {
		o, g := "o-1", "PO"
		if i >= 10 {
			o, g = "o-2", "PSO"
		}
		b.WriteString(o + ",north," + g + ",37,c-" + itoa(100+i) + ",B2,community\n")
	}
	r, err := rostercsv.Read(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func testServer(t *testing.T) (*server, string) {
	t.Helper()
	out := t.TempDir()
	s, err := newServer(smallTeam(t), "small team", demoAsOf, workload.DefaultPolicy(), workload.DefaultConfig(), out)
	if err != nil {
		t.Fatal(err)
	}
	return s, out
}

func post(t *testing.T, h http.Handler, path string, body []byte) (int, []byte) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body)))
	return rec.Code, rec.Body.Bytes()
}

func doc(t *testing.T, c workload.Config) []byte {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// b2at150 is the reference policy with community B2 raised to 150.
func b2at150() workload.Config {
	c := workload.DefaultConfig()
	c.Tiers.Weights[tier.Community][tier.B2] = decimal.NewFromInt(150)
	return c
}

func TestWebRecompute(t *testing.T) {
	s, _ := testServer(t)
	code, body := post(t, s.handler(), "/api/recompute", doc(t, b2at150()))
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	var got result
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	// 1,500 / 2,176 = 68.934%; 3,000 / 2,176 = 137.868% (red); the team
	// 4,500 / 4,352 = 103.401%.
	want := []officerRow{
		{Officer: "o-1", Grade: "PO", Cases: 10, Before: "52.849%", After: "68.934%", Change: "+16.085", BandBefore: "within", BandAfter: "within"},
		{Officer: "o-2", Grade: "PSO", Cases: 20, Before: "105.699%", After: "137.868%", Change: "+32.169", BandBefore: "over", BandAfter: "red", Moved: "up"},
	}
	if diff := cmp.Diff(want, got.Officers); diff != "" {
		t.Errorf("officers (-want +got):\n%s", diff)
	}
	if got.TeamBefore != "79.274%" || got.TeamAfter != "103.401%" {
		t.Errorf("team %s → %s, want 79.274%% → 103.401%%", got.TeamBefore, got.TeamAfter)
	}
	if diff := cmp.Diff([]string{"tiers.weights.community.B2: 115 → 150"}, got.Diff); diff != "" {
		t.Errorf("diff (-want +got):\n%s", diff)
	}
	wantSummary := "1 of 2 officers moves up a band; the team goes from 79.3% to 103.4%; officers in the red band go from 0 to 1."
	if got.Summary != wantSummary {
		t.Errorf("summary %q, want %q", got.Summary, wantSummary)
	}
	if !strings.HasPrefix(got.SVG, "<svg") || !strings.Contains(got.SVG, `data-officer="o-2"`) {
		t.Errorf("no chart in the answer")
	}
}

func TestWebRecomputeBad(t *testing.T) {
	s, _ := testServer(t)
	bad := workload.DefaultConfig()
	bad.Bands.Red = decimal.NewFromInt(90)
	for _, tt := range []struct {
		name string
		body []byte
		code int
		want string
	}{
		{"not JSON", []byte("{"), http.StatusBadRequest, "policy"},
		{"unknown field", []byte(`{"nmae":"x"}`), http.StatusBadRequest, "nmae"},
		{"red below over", doc(t, bad), http.StatusUnprocessableEntity, "bands.red"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, body := post(t, s.handler(), "/api/recompute", tt.body)
			var got result
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			if code != tt.code || !strings.Contains(got.Error, tt.want) {
				t.Errorf("status %d, error %q; want %d naming %q", code, got.Error, tt.code, tt.want)
			}
		})
	}
}

func TestWebSave(t *testing.T) {
	s, out := testServer(t)
	for _, want := range []string{"2026.12.1", "2026.12.2"} {
		code, body := post(t, s.handler(), "/api/save", doc(t, b2at150()))
		if code != http.StatusOK {
			t.Fatalf("status %d: %s", code, body)
		}
		var got saved
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(out, "england-wales-reference-"+want+".json")
		if got.File != file || got.Version != want || got.Name != "england-wales-reference" {
			t.Errorf("saved %+v, want %s version %s", got, file, want)
		}
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		p, err := workload.DecodePolicy(f)
		f.Close()
		if err != nil {
			t.Fatalf("the saved file does not read back: %v", err)
		}
		if w, _ := p.Table().Weight(tier.Community, tier.B2, false); !w.Equal(decimal.NewFromInt(150)) {
			t.Errorf("saved B2 weight %s, want 150", w)
		}
		if p.Ref().Version != want {
			t.Errorf("saved version %s, want %s", p.Ref().Version, want)
		}
	}
	bad := workload.DefaultConfig()
	bad.Bands.Red = decimal.NewFromInt(90)
	if code, _ := post(t, s.handler(), "/api/save", doc(t, bad)); code != http.StatusUnprocessableEntity {
		t.Errorf("saving an invalid policy: status %d", code)
	}
}

// TestWebPage: the page renders every weight, band and rule as a labelled
// field, with captions on its tables.
func TestWebPage(t *testing.T) {
	s, _ := testServer(t)
	rec := httptest.NewRecorder()
	s.handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	page, _ := io.ReadAll(rec.Body)
	ids := regexp.MustCompile(`<(?:input|select) id="([^"]+)"`).FindAllSubmatch(page, -1)
	// 33 tiers × 3 case types, name, version, and the bands, mix rules
	// and ladder.
	if len(ids) < 99+2+10 {
		t.Errorf("%d fields", len(ids))
	}
	for _, id := range ids {
		if !bytes.Contains(page, []byte(`<label for="`+string(id[1])+`"`)) && !bytes.Contains(page, []byte(`<label class="vh" for="`+string(id[1])+`"`)) {
			t.Errorf("field %s has no label", id[1])
		}
	}
	for _, want := range []string{
		`data-path="tiers.weights.community.B2" data-kind="decimal" inputmode="decimal" value="115"`,
		`data-path="bands.red" data-kind="decimal" inputmode="decimal" value="110"`,
		`data-path="allocation.flagCaps[0].max" data-kind="int" inputmode="decimal" value="8"`,
		`data-path="priority.rules[7].grade"`,
		"<caption>", "52.849%", "105.699%",
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := bytes.Count(page, []byte("<caption>")); n != 2 {
		t.Errorf("%d captions, want 2", n)
	}
}

func TestLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:8080": true, "[::1]:80": true, "localhost:0": true, "127.0.0.2:1": true,
		"0.0.0.0:8080": false, ":8080": false, "192.168.1.2:80": false, "example.org:80": false, "nonsense": false,
	} {
		if err := loopback(addr); (err == nil) != ok {
			t.Errorf("loopback(%q) = %v", addr, err)
		}
	}
	var b bytes.Buffer
	if err := run(&b, []string{"-web", "-addr", "0.0.0.0:8080"}); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("-web on 0.0.0.0: %v, want a refusal", err)
	}
}

func TestBumpVersion(t *testing.T) {
	for in, want := range map[string]string{
		"2026.11.0": "2026.11.1", "2026.11.9": "2026.11.10", "v3": "v4", "draft": "draft.1", "": ".1", "2026.11.0+tuned": "2026.11.0+tuned.1",
	} {
		if got := bumpVersion(in); got != want {
			t.Errorf("bumpVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

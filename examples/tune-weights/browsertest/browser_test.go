// Package browsertest drives the tune-weights tuning page in Debian's
// Chromium, headless: it changes a weight as a person would (typing into
// the weight table), checks the figures the page recomputes against
// values worked by hand from the reference weights, saves the tuned
// policy and reads the saved file back with workload.DecodePolicy.
//
// It lives in a module of its own so that the library never depends on
// chromedp. The test builds the tune-weights command from the parent
// directory, starts it on a free loopback port and stops it at the end.
//
// Screenshots go to the directory named by $SCREENSHOTS (default
// ./screenshots, which git ignores); the test logs where it wrote them.
// The test skips only when no Chromium can be found: set $CHROMIUM_BIN or
// install Debian's chromium package (.ci/setup.d/20-chromium.sh does).
package browsertest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/tier"
	"github.com/openprobation/caseload/workload"
)

// chromium finds the browser: $CHROMIUM_BIN, then the names Debian and
// others install it under.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM_BIN"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("skipping the browser test: no Chromium found (set CHROMIUM_BIN, or install Debian's chromium package: apt-get install chromium, as .ci/setup.d/20-chromium.sh does)")
	return ""
}

// screenshotDir is where the screenshots go, created if needed.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SCREENSHOTS")
	if dir == "" {
		dir = "screenshots"
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// buildCommand builds tune-weights from the parent directory into a
// temporary directory.
func buildCommand(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tune-weights")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building tune-weights: %v\n%s", err, out)
	}
	return bin
}

var listening = regexp.MustCompile(`tuning page: (http://127\.0\.0\.1:[0-9]+/)`)

// startPage runs tune-weights -web on a free loopback port with the given
// extra flags and returns the page's address; the process is killed when
// the test ends.
func startPage(t *testing.T, bin, outDir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-web", "-addr", "127.0.0.1:0", "-out", outDir}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		close(found)
	}()
	select {
	case url, ok := <-found:
		if !ok {
			t.Fatalf("tune-weights -web exited without serving: %s", stderr.String())
		}
		return url
	case <-time.After(60 * time.Second):
		t.Fatalf("tune-weights -web did not start: %s", stderr.String())
	}
	return ""
}

// browser starts headless Chromium at the given window size.
func browser(t *testing.T, bin string, width, height int) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.WindowSize(width, height),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelA() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("starting %s: %v", bin, err)
	}
	return ctx
}

// within runs the steps with a time limit, so a page that never shows a
// figure fails the test instead of hanging it.
func within(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(c, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// text returns the text of the first element sel matches.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	s, err := chromedp.Run(c, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("reading %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// waitText waits until the element sel matches has exactly the text want.
func waitText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	expr := fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e !== null && e.textContent.trim() === %q; })()`, sel, want)
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(c, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q) || {textContent: "<missing>"}).textContent`, sel)))
		t.Fatalf("%s: want %q, the page shows %q (%v)", sel, want, strings.TrimSpace(got), err)
	}
}

func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(c, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	file := filepath.Join(dir, name)
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", file)
}

// smallTeam is two full-time officers holding community B2 cases, 115
// points each in the reference table, 2,176 points available each (37 of
// 37 hours): o-1, a PO, holds 10 (1,150 points, 52.849%), o-2, a PSO,
// holds 20 (2,300 points, 105.699%, over 100%). The team holds 3,450 of
// 4,352: 79.274%. With community B2 at 150: o-1 1,500 (68.934%), o-2 3,000
// (137.868%, red, over 110%), the team 4,500 of 4,352 (103.401%).
const smallTeam = "small-team.csv"

func writeSmallTeam(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("officer,team,grade,hours,case,tier,type\n")
	for i := range 30 {
		o, g := "o-1", "PO"
		if i >= 10 {
			o, g = "o-2", "PSO"
		}
		fmt.Fprintf(&b, "%s,north,%s,37,c-%d,B2,community\n", o, g, 100+i)
	}
	file := filepath.Join(t.TempDir(), smallTeam)
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

const b2 = `input[data-path="tiers.weights.community.B2"]`

// TestTunePage types a new community B2 weight into the page, checks
// every recomputed figure, saves, and reads the saved policy back.
func TestTunePage(t *testing.T) {
	chrome := chromium(t)
	shots := screenshotDir(t)
	bin := buildCommand(t)
	out := t.TempDir()
	url := startPage(t, bin, out, "-caseload", writeSmallTeam(t))
	ctx := browser(t, chrome, 1400, 1000)

	within(t, ctx, "opening the page", chromedp.Navigate(url), chromedp.WaitVisible(chromedp.ID("officers")))
	waitText(t, ctx, `td[data-officer="o-1"]`, "52.849%")
	waitText(t, ctx, `td[data-officer="o-2"]`, "105.699%")
	waitText(t, ctx, "#team-before", "79.274%")
	waitText(t, ctx, "#team-after", "79.274%")
	// Every editable figure has a label a screen reader announces.
	unlabelled, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("[data-path]"))
		.filter(e => e.labels === null || e.labels.length === 0 || e.labels[0].textContent.trim() === "")
		.map(e => e.dataset.path)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(unlabelled) > 0 {
		t.Errorf("fields without a label: %v", unlabelled)
	}
	screenshot(t, ctx, shots, "01-small-team-opened.png")

	// Type 150 over 115, keystroke by keystroke: the page recomputes on
	// every input event.
	within(t, ctx, "typing a weight",
		chromedp.WaitVisible(chromedp.CSS(b2)),
		chromedp.Focus(chromedp.CSS(b2)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('`+b2+`').select()`),
		chromedp.SendKeys(chromedp.CSS(b2), "150"),
	)
	waitText(t, ctx, `td[data-officer="o-1"]`, "68.934%")
	waitText(t, ctx, `td[data-officer="o-2"]`, "137.868%")
	waitText(t, ctx, "#team-before", "79.274%")
	waitText(t, ctx, "#team-after", "103.401%")
	waitText(t, ctx, "#summary", "1 of 2 officers moves up a band; the team goes from 79.3% to 103.4%; officers in the red band go from 0 to 1.")
	waitText(t, ctx, "#diff", "tiers.weights.community.B2: 115 → 150")
	if cls := text(t, ctx, "#diff-count"); cls != "1 field differs from the policy before." {
		t.Errorf("diff count: got %q", cls)
	}
	changed, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('`+b2+`').classList.contains("changed")`))
	if err != nil || !changed {
		t.Errorf("the edited weight is not marked as changed (%v)", err)
	}
	screenshot(t, ctx, shots, "02-small-team-b2-150.png")

	// Save: a new file, version bumped, that DecodePolicy reads back.
	within(t, ctx, "saving", chromedp.Click(chromedp.ID("save")))
	expr := `document.getElementById("status").textContent.startsWith("Saved ")`
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("save: the status says %q (%v)", text(t, ctx, "#status"), err)
	}
	want := filepath.Join(out, "england-wales-reference-2026.12.1.json")
	if got := text(t, ctx, "#status"); got != "Saved england-wales-reference 2026.12.1 to "+want {
		t.Errorf("status after save: got %q", got)
	}
	waitText(t, ctx, "#policy-after", "england-wales-reference 2026.12.1")
	f, err := os.Open(want)
	if err != nil {
		t.Fatalf("the saved policy: %v", err)
	}
	defer f.Close()
	p, err := workload.DecodePolicy(f)
	if err != nil {
		t.Fatalf("DecodePolicy of the saved file: %v", err)
	}
	if ref := p.Ref(); ref.Name != "england-wales-reference" || ref.Version != "2026.12.1" {
		t.Errorf("saved policy is %s %s, want england-wales-reference 2026.12.1", ref.Name, ref.Version)
	}
	cfg := p.Config()
	if w := cfg.Tiers.Weights[tier.Community][tier.B2]; !w.Equal(decimal.NewFromInt(150)) {
		t.Errorf("saved community B2 weight: got %s, want 150", w)
	}
	if w := cfg.Tiers.Weights[tier.Licence][tier.B2]; !w.Equal(decimal.NewFromInt(132)) {
		t.Errorf("saved licence B2 weight: got %s, want the reference 132", w)
	}
	screenshot(t, ctx, shots, "03-small-team-saved.png")

	// Saving again never overwrites: the next version.
	within(t, ctx, "saving again", chromedp.Click(chromedp.ID("save")))
	waitText(t, ctx, "#status", "Saved england-wales-reference 2026.12.2 to "+filepath.Join(out, "england-wales-reference-2026.12.2.json"))

	// A weight that is not a number: an error on the page, nothing invented.
	within(t, ctx, "typing a bad weight",
		chromedp.Focus(chromedp.CSS(b2)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('`+b2+`').select()`),
		chromedp.SendKeys(chromedp.CSS(b2), "-5"),
	)
	expr = `document.getElementById("error").textContent.includes("community") && document.getElementById("error").textContent.includes("-5")`
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Errorf("a negative weight shows no error naming it: %q (%v)", text(t, ctx, "#error"), err)
	}
	stale, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("results").classList.contains("stale")`))
	if err != nil || !stale {
		t.Errorf("the figures of the last valid policy are not marked stale (%v)", err)
	}
	screenshot(t, ctx, shots, "04-small-team-bad-weight.png")

	// Back to a valid weight: the figures are current again.
	within(t, ctx, "typing a good weight",
		chromedp.Focus(chromedp.CSS(b2)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('`+b2+`').select()`),
		chromedp.SendKeys(chromedp.CSS(b2), "115"),
	)
	waitText(t, ctx, "#team-after", "79.274%")
	waitText(t, ctx, "#error", "")
}

// TestDemoPageScreenshots opens the page on the embedded demo team, wide
// and narrow, for a person to look at, and checks the chart has room for
// every officer.
func TestDemoPageScreenshots(t *testing.T) {
	chrome := chromium(t)
	shots := screenshotDir(t)
	bin := buildCommand(t)
	url := startPage(t, bin, t.TempDir())
	for _, size := range []struct {
		name          string
		width, height int
	}{{"wide", 1440, 1000}, {"narrow", 760, 1000}} {
		ctx := browser(t, chrome, size.width, size.height)
		within(t, ctx, "opening the demo page", chromedp.Navigate(url), chromedp.WaitVisible(chromedp.ID("officers")))
		within(t, ctx, "typing a weight",
			chromedp.Focus(chromedp.CSS(b2)),
			chromedp.Evaluate[chromedp.Void](`document.querySelector('`+b2+`').select()`),
			chromedp.SendKeys(chromedp.CSS(b2), "150"),
		)
		expr := `document.getElementById("diff").textContent.includes("community.B2")`
		if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			t.Fatalf("the demo page did not recompute: %v", err)
		}
		// Nothing wider than the window: no sideways scrolling.
		over, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil {
			t.Fatal(err)
		}
		if over {
			t.Errorf("%s: the page is wider than the window", size.name)
		}
		screenshot(t, ctx, shots, "05-demo-"+size.name+".png")
		if size.name == "narrow" {
			// What a person sees on a small screen: the form, with the
			// team's figures held at the bottom of the window.
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(shots, "07-demo-narrow-window.png")
			if err := os.WriteFile(file, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot: %s", file)
		}
		if size.name == "wide" {
			// The results column scrolls on its own beside the form; a
			// window as tall as the form shows all of it at once.
			within(t, ctx, "a tall window", chromedp.EmulateViewport(int64(size.width), 2600))
			screenshot(t, ctx, shots, "06-demo-wide-tall.png")
		}
	}
}

// TestOutlierScreenshot draws a team with one officer far over capacity
// (2 contracted hours holding 20 cases: about 1,956%) and one with work
// but no available points, for a person to check the chart clips the
// outlier with a marker and keeps every label readable.
func TestOutlierScreenshot(t *testing.T) {
	chrome := chromium(t)
	shots := screenshotDir(t)
	bin := buildCommand(t)
	var b strings.Builder
	b.WriteString("officer,team,grade,hours,reduction_hours,case,tier,type\n")
	for i := range 60 {
		o, g, h, red := "o-1", "PO", "37", ""
		switch {
		case i >= 40:
			o, g, h, red = "o-3", "PO", "37", "37"
		case i >= 20:
			o, g, h = "o-2", "PSO", "2"
		}
		fmt.Fprintf(&b, "%s,north,%s,%s,%s,c-%d,B2,community\n", o, g, h, red, 100+i)
	}
	file := filepath.Join(t.TempDir(), "outlier.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	url := startPage(t, bin, t.TempDir(), "-caseload", file)
	ctx := browser(t, chrome, 1400, 1000)
	within(t, ctx, "opening the page", chromedp.Navigate(url), chromedp.WaitVisible(chromedp.ID("officers")))
	waitText(t, ctx, `td[data-officer="o-3"]`, "no capacity")
	// Nothing in the chart escapes its box.
	over, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const svg = document.querySelector("#chart svg"); const box = svg.getBoundingClientRect();
		return Array.from(svg.querySelectorAll("text")).some(e => { const r = e.getBoundingClientRect();
			return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1; });
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if over {
		t.Errorf("a chart label is cropped")
	}
	// The outlier is clipped with its true value shown, not the scale.
	clipped, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#chart [data-clipped="true"]').length`))
	if err != nil || clipped != 2 {
		t.Errorf("want o-2's two bars clipped, got %d (%v)", clipped, err)
	}
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(c, chromedp.Screenshot(chromedp.ID("chart")))
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(shots, "08-outlier-chart.png")
	if err := os.WriteFile(name, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", name)
}

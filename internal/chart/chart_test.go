package chart

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func TestTicks(t *testing.T) {
	tests := []struct {
		high, step, top float64
	}{
		{100, 20, 100},
		{115, 20, 120},
		{140, 20, 140},
		{141, 20, 160},
		{2234, 500, 2500},
		{0.5, 0.1, 0.5},
		{800, 100, 800},
		{801, 200, 1000},
	}
	for _, tt := range tests {
		step, top := Ticks(tt.high)
		if step != tt.step || top != tt.top {
			t.Errorf("Ticks(%v) = %v, %v; want %v, %v", tt.high, step, top, tt.step, tt.top)
		}
	}
}

// TestTicksProperty: the step is 1, 2 or 5 times a power of ten, the top
// covers the value, and there are at most 8 intervals. (Broken on purpose
// by allowing m = 3: the first check fails.)
func TestTicksProperty(t *testing.T) { rapid.Check(t, testTicks) }
func FuzzTicks(f *testing.F)         { f.Fuzz(rapid.MakeFuzz(testTicks)) }

func testTicks(t *rapid.T) {
	high := rapid.Float64Range(0.01, 1e7).Draw(t, "high")
	step, top := Ticks(high)
	mant := step / pow10(step)
	if !near(mant, 1) && !near(mant, 2) && !near(mant, 5) {
		t.Fatalf("step %v is not 1, 2 or 5 × 10^k", step)
	}
	if top < high*(1-1e-9) {
		t.Fatalf("top %v below %v", top, high)
	}
	if n := top / step; n > 8+1e-9 {
		t.Fatalf("%v intervals", n)
	}
}

func pow10(x float64) float64 {
	p := 1.0
	for p*10 <= x*(1+1e-12) {
		p *= 10
	}
	for p > x*(1+1e-12) {
		p /= 10
	}
	return p
}

func near(a, b float64) bool { return a > b-1e-6 && a < b+1e-6 }

type parsed struct {
	width, height float64
	ticks         []string
	rects         []map[string]string
	texts         map[string][]float64 // class → x (or y) of texts
	markers       int
	all           []string
}

func parse(t *testing.T, data []byte) parsed {
	t.Helper()
	p := parsed{texts: map[string][]float64{}}
	d := xml.NewDecoder(bytes.NewReader(data))
	var inText string
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("chart is not valid XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			attr := map[string]string{}
			for _, a := range el.Attr {
				attr[a.Name.Local] = a.Value
			}
			switch el.Name.Local {
			case "svg":
				p.width, _ = strconv.ParseFloat(attr["width"], 64)
				p.height, _ = strconv.ParseFloat(attr["height"], 64)
			case "rect":
				if attr["class"] != "" {
					p.rects = append(p.rects, attr)
				}
			case "path":
				if attr["class"] == "clip-marker" {
					p.markers++
				}
			case "text":
				inText = attr["class"]
				y, _ := strconv.ParseFloat(attr["y"], 64)
				p.texts[inText] = append(p.texts[inText], y)
			}
		case xml.CharData:
			if inText == "tick" {
				p.ticks = append(p.ticks, string(el))
			}
			if inText != "" {
				p.all = append(p.all, string(el))
			}
		case xml.EndElement:
			inText = ""
		}
	}
	return p
}

func team(vals ...string) []Group {
	var gs []Group
	for i, v := range vals {
		gs = append(gs, Group{Label: "officer-" + strconv.Itoa(i), Bars: []Bar{{
			Value: decimal.RequireFromString(v), Label: v + "%", Fill: "#3b8f4a", Class: "bar"}}})
	}
	return gs
}

var lines = []Line{
	{Value: decimal.NewFromInt(100), Label: "100% over", Colour: "#8a5a00"},
	{Value: decimal.NewFromInt(110), Label: "110% red", Colour: "#a01e18"},
	{Value: decimal.NewFromInt(120), Label: "120%", Colour: "#5c1410"},
}

func draw(t *testing.T, c Chart) ([]byte, parsed) {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, c); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), parse(t, b.Bytes())
}

// TestOneOfficerFarOver: one officer at 2,234% gives six ticks in steps of
// 500, not a hundred overlapping labels, and the bar is not clipped (it is
// the whole team).
func TestOneOfficerFarOver(t *testing.T) {
	_, p := draw(t, Chart{Title: "Capacity by officer, team t on 2026-11-23", Groups: team("2234"), Lines: lines, ValueLabels: true})
	want := []string{"0%", "500%", "1000%", "1500%", "2000%", "2500%"}
	if diff := cmp.Diff(want, p.ticks); diff != "" {
		t.Errorf("ticks (-want +got):\n%s", diff)
	}
	if p.markers != 0 {
		t.Errorf("%d clip markers, want none", p.markers)
	}
	if tw := 16 + textWidth("Capacity by officer, team t on 2026-11-23", titleSize); p.width < tw {
		t.Errorf("width %v crops the title (%v)", p.width, tw)
	}
}

// TestOutlierClipped: one officer at 2,234% among officers near 100% is
// clipped with a marker and labelled with its value; the axis stays at
// 140%.
func TestOutlierClipped(t *testing.T) {
	data, p := draw(t, Chart{Groups: team("95", "104.5", "112", "2234", "88"), Lines: lines})
	if diff := cmp.Diff([]string{"0%", "20%", "40%", "60%", "80%", "100%", "120%", "140%"}, p.ticks); diff != "" {
		t.Errorf("ticks (-want +got):\n%s", diff)
	}
	if p.markers != 2 {
		t.Errorf("%d clip markers, want 2 (break and arrow)", p.markers)
	}
	clipped := 0
	for _, r := range p.rects {
		if r["data-clipped"] == "true" {
			clipped++
		}
	}
	if clipped != 1 {
		t.Errorf("%d clipped bars, want 1", clipped)
	}
	if !bytes.Contains(data, []byte(">2234%</text>")) {
		t.Error("the clipped bar does not show its value")
	}
	if bytes.Contains(data, []byte(">104.5%</text>")) {
		t.Error("a bar is labelled without ValueLabels")
	}
}

// TestTwoOfficersOneFarOver: a team of two, one at 105% and one at
// 2,234%: the outlier is judged against the lower median (105%, clip above
// 210%), so it is clipped and the axis stays at 140%. (With the average
// of the two middle values, 1,169.5%, nothing was clipped.)
func TestTwoOfficersOneFarOver(t *testing.T) {
	_, p := draw(t, Chart{Groups: team("105", "2234"), Lines: lines})
	if diff := cmp.Diff([]string{"0%", "20%", "40%", "60%", "80%", "100%", "120%", "140%"}, p.ticks); diff != "" {
		t.Errorf("ticks (-want +got):\n%s", diff)
	}
	if p.markers != 2 {
		t.Errorf("%d clip markers, want 2 (break and arrow)", p.markers)
	}
}

// TestThresholdLabelsApart: threshold labels sit right of the plot and at
// least 13 px apart, even for lines 10% apart on a tall axis.
func TestThresholdLabelsApart(t *testing.T) {
	_, p := draw(t, Chart{Groups: team("2234"), Lines: lines})
	ys := p.texts["threshold-label"]
	if len(ys) != 3 {
		t.Fatalf("%d threshold labels", len(ys))
	}
	for i := 1; i < len(ys); i++ {
		if d := ys[i-1] - ys[i]; d < 13 {
			t.Errorf("labels %v and %v are %v px apart", ys[i-1], ys[i], d)
		}
	}
}

// TestNothingCropped: for a team of one with a long legend and long
// labels, every text fits inside the chart by its estimated width.
func TestNothingCropped(t *testing.T) {
	legend := []LegendEntry{{Text: "within (at or under 100%)", Fill: "#3b8f4a"}, {Text: "over (above 100%)", Fill: "#e0a526"},
		{Text: "red (above 110%)", Fill: "#c7362f"}, {Text: "work but no available points", Fill: "#5b2a86", Hatched: true}}
	c := Chart{Title: "A title", Subtitle: strings.Repeat("subtitle ", 8), Legend: legend, Lines: lines,
		Groups: []Group{{Label: "a-very-long-officer-identifier PO", Bars: []Bar{{Kind: Full, Fill: "#5b2a86", Class: "bar", Label: "no capacity"}}}}}
	_, p := draw(t, c)
	if w := 16 + textWidth(c.Subtitle, textSize); p.width < w {
		t.Errorf("width %v crops the subtitle (%v)", p.width, w)
	}
	if w := 16 + legendEntry(legend[3].Text); p.width < w {
		t.Errorf("width %v crops the legend", p.width)
	}
	// The turned group label: its vertical extent fits in the height.
	if p.height < 86+plotHeight+textWidth(c.Groups[0].Label, smallSize)*0.64 {
		t.Errorf("height %v crops the officer label", p.height)
	}
}

func TestEmptyChart(t *testing.T) {
	_, p := draw(t, Chart{Title: "nobody"})
	if len(p.ticks) == 0 || p.width <= 0 {
		t.Errorf("empty chart: %d ticks, width %v", len(p.ticks), p.width)
	}
}

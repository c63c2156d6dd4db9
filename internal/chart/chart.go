// Package chart draws the capacity bar charts of the examples as SVG: one
// implementation, so every example's chart reads the same way.
//
// A [Chart] is groups of bars (one group per officer, one bar per series:
// capacity, or capacity before and after), horizontal threshold lines and
// a legend. Drawing follows a few rules that keep the chart readable at any
// data:
//
//   - the value axis ticks at 1, 2 or 5 times a power of ten, at most 8
//     intervals, whatever the highest value;
//   - an outlier (a value above twice the bars' lower median and above 200%)
//     does not stretch the axis: its bar is clipped at the top of the plot
//     with a break marker and labelled with its true value;
//   - threshold lines are labelled in the right margin, outside the bars,
//     and labels too close together are moved apart;
//   - every margin is computed from the length of the text it holds, and
//     the chart is at least as wide as its title, subtitle and legend, so
//     nothing is cropped even for a team of one.
//
// Geometry is computed in float64: pixel positions are presentation, not
// results. Every figure printed on the chart is text given by the caller.
package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Kind says how a bar is drawn.
type Kind int

const (
	// Value is a bar of the height of its value.
	Value Kind = iota
	// Full is a full-height hatched bar: work but no capacity to measure
	// it against.
	Full
	// Empty draws a bar of no height, and its label: an idle officer.
	Empty
)

// Bar is one bar of a group.
type Bar struct {
	Value decimal.Decimal // percent; read only for Kind Value
	Kind  Kind
	// Label is the text shown with the bar ("104.2%", "no capacity");
	// shown above the bar when the chart has ValueLabels, and always for
	// a clipped bar. Empty bars always show it.
	Label string
	Fill  string // colour; Full bars hatch in it
	Class string // the rect's class attribute
	// Data are data-* attributes of the rect, in order: {"officer", "X"}.
	Data  [][2]string
	Title string // tooltip
}

// Group is the bars of one category, labelled under the axis.
type Group struct {
	Label string
	Bars  []Bar
}

// LegendEntry is one swatch and its text.
type LegendEntry struct {
	Text, Fill string
	Hatched    bool
}

// Line is a horizontal threshold line, dashed, labelled in the right
// margin.
type Line struct {
	Value  decimal.Decimal
	Label  string
	Colour string
}

// Chart is a bar chart of percentages.
type Chart struct {
	Title, Subtitle string
	Axis            string // the value axis title
	Groups          []Group
	Legend          []LegendEntry
	Lines           []Line
	// MinTop is the least value the axis reaches (0: the highest line or
	// 100).
	MinTop decimal.Decimal
	// BarWidth is the width of one bar in pixels (0: 36 for one bar a
	// group, 16 for more).
	BarWidth int
	// ValueLabels labels every bar with its Label.
	ValueLabels bool
}

// Font sizes and fixed geometry, in pixels.
const (
	titleSize  = 16
	textSize   = 12
	smallSize  = 11
	labelSize  = 10
	plotHeight = 320
	groupGap   = 16
	labelAngle = 40 // degrees the group labels are turned
	maxTicks   = 8
)

// textWidth estimates the width of text in a sans-serif font of the size:
// a little wide on purpose, so a margin computed from it never crops.
func textWidth(s string, size float64) float64 {
	return 0.6 * size * float64(utf8.RuneCountInString(s))
}

// Ticks returns the axis step and top for values up to high: the step is
// 1, 2 or 5 times a power of ten, the smallest giving at most 8
// intervals, and top the first multiple of the step at or above high.
func Ticks(high float64) (step, top float64) {
	if !(high > 0) || math.IsInf(high, 0) {
		return 20, 100
	}
	for p := math.Pow(10, math.Floor(math.Log10(high/maxTicks))); ; p *= 10 {
		for _, m := range []float64{1, 2, 5} {
			step = m * p
			if n := math.Ceil(high/step - 1e-9); n <= maxTicks {
				return step, n * step
			}
		}
	}
}

// axisHigh returns the highest value the axis must show and the
// threshold above which bars are clipped (+Inf: none are).
func (c *Chart) axisHigh() (high, clip float64) {
	var vals []float64
	for _, g := range c.Groups {
		for _, b := range g.Bars {
			if b.Kind == Value && b.Value.IsPositive() {
				vals = append(vals, b.Value.InexactFloat64())
			}
		}
	}
	sort.Float64s(vals)
	clip = math.Inf(1)
	if n := len(vals); n > 0 {
		// The lower median: with an even count the smaller middle value,
		// so a team of two (or half a team) far over capacity still has
		// its outliers clipped rather than setting the scale.
		median := vals[(n-1)/2]
		clip = math.Max(2*median, 200)
	}
	high = 100
	if c.MinTop.IsPositive() {
		high = c.MinTop.InexactFloat64()
	}
	for _, l := range c.Lines {
		high = math.Max(high, l.Value.InexactFloat64()*1.1)
	}
	clipped := false
	for _, v := range vals {
		if v > clip {
			clipped = true
			continue
		}
		high = math.Max(high, v)
	}
	if !clipped {
		clip = math.Inf(1)
	}
	return high, clip
}

// Write draws the chart as a standalone SVG document.
func Write(w io.Writer, c Chart) error {
	high, clip := c.axisHigh()
	step, top := Ticks(high)
	if !math.IsInf(clip, 1) {
		clip = top
	}

	bars := 1
	for _, g := range c.Groups {
		bars = max(bars, len(g.Bars))
	}
	bw := float64(c.BarWidth)
	if bw <= 0 {
		bw = 36
		if bars > 1 {
			bw = 16
		}
	}
	slot := bw*float64(bars) + groupGap

	// Margins from the text they hold.
	tickW := textWidth(tickText(top), smallSize)
	left := 24 + tickW + 8
	groupLabelW := 0.0
	for _, g := range c.Groups {
		groupLabelW = max(groupLabelW, textWidth(g.Label, smallSize))
	}
	sin, cos := math.Sin(labelAngle*math.Pi/180), math.Cos(labelAngle*math.Pi/180)
	// The first group's label runs left of its centre.
	left = max(left, groupLabelW*cos-slot/2+8)
	bottom := 14 + groupLabelW*sin + smallSize + 10
	lineW := 0.0
	for _, l := range c.Lines {
		lineW = max(lineW, textWidth(l.Label, smallSize))
	}
	right := max(16, lineW+14)

	plotW := slot * float64(max(len(c.Groups), 1))
	width := left + plotW + right
	width = max(width, 16+textWidth(c.Title, titleSize)+16, 16+textWidth(c.Subtitle, textSize)+16)
	legendW := 0.0
	for _, e := range c.Legend {
		legendW = max(legendW, legendEntry(e.Text))
	}
	width = max(width, 16+legendW+16)
	plotW = width - left - right
	slot = plotW / float64(max(len(c.Groups), 1))

	// Title, subtitle and legend rows from the top.
	y := 24.0
	var head bytes.Buffer
	hf := func(format string, a ...any) { fmt.Fprintf(&head, format, a...) }
	if c.Title != "" {
		hf("<text class=\"title\" x=\"16\" y=\"%s\" font-size=\"%d\" font-weight=\"bold\">%s</text>\n", px(y), titleSize, esc(c.Title))
		y += 20
	}
	if c.Subtitle != "" {
		hf("<text class=\"subtitle\" x=\"16\" y=\"%s\" fill=\"#333333\">%s</text>\n", px(y-2), esc(c.Subtitle))
		y += 18
	}
	x := 16.0
	if len(c.Legend) > 0 {
		hf("<g class=\"legend\" font-size=\"%d\">\n", smallSize)
		for _, e := range c.Legend {
			ew := legendEntry(e.Text)
			if x > 16 && x+ew > width-16 {
				x, y = 16, y+16
			}
			fill := e.Fill
			if e.Hatched {
				fill = "url(#" + hatchID(e.Fill) + ")"
			}
			hf("<rect x=\"%s\" y=\"%s\" width=\"10\" height=\"10\" fill=\"%s\" stroke=\"#555555\" stroke-width=\"0.5\"/>", px(x), px(y-9), fill)
			hf("<text x=\"%s\" y=\"%s\">%s</text>\n", px(x+14), px(y), esc(e.Text))
			x += ew
		}
		hf("</g>\n")
		y += 8
	}
	plotTop := y + 22 // room for the labels above the highest bars
	height := plotTop + plotHeight + bottom
	yOf := func(v float64) float64 { return plotTop + plotHeight*(1-math.Min(v, top)/top) }
	base := yOf(0)

	var b bytes.Buffer
	f := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	f("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%s\" height=\"%s\" viewBox=\"0 0 %s %s\" font-family=\"sans-serif\" font-size=\"%d\" role=\"img\" aria-label=\"%s\">\n",
		px(width), px(height), px(width), px(height), textSize, esc(c.Title))
	if c.Title != "" {
		f("<title>%s</title>\n", esc(c.Title))
	}
	// Hatch patterns, one per colour used hatched.
	seen := map[string]bool{}
	var hatch []string
	note := func(fill string) {
		if !seen[fill] {
			seen[fill] = true
			hatch = append(hatch, fill)
		}
	}
	for _, e := range c.Legend {
		if e.Hatched {
			note(e.Fill)
		}
	}
	for _, g := range c.Groups {
		for _, br := range g.Bars {
			if br.Kind == Full {
				note(br.Fill)
			}
		}
	}
	if len(hatch) > 0 {
		f("<defs>")
		for _, h := range hatch {
			f("<pattern id=\"%s\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><rect width=\"3\" height=\"6\" fill=\"%s\"/></pattern>",
				hatchID(h), esc(h))
		}
		f("</defs>\n")
	}
	f("<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n")
	b.Write(head.Bytes())

	// Value axis with grid lines.
	f("<g class=\"axis\" font-size=\"%d\" fill=\"#333333\">\n", smallSize)
	for v := 0.0; v <= top+step/2; v += step {
		f("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#e4e4e4\"/>", px(left), px(yOf(v)), px(left+plotW), px(yOf(v)))
		f("<text class=\"tick\" x=\"%s\" y=\"%s\" text-anchor=\"end\">%s</text>\n", px(left-6), px(yOf(v)+4), tickText(v))
	}
	f("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#333333\"/>\n", px(left), px(plotTop), px(left), px(base))
	f("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#333333\"/>\n", px(left), px(base), px(left+plotW), px(base))
	if c.Axis != "" {
		f("<text transform=\"translate(14 %s) rotate(-90)\" text-anchor=\"middle\">%s</text>\n", px(plotTop+plotHeight/2), esc(c.Axis))
	}
	f("</g>\n")

	// Bars. Labels run up inside a bar go in over, drawn after the
	// threshold lines so no line crosses them.
	var over bytes.Buffer
	f("<g class=\"bars\">\n")
	for i, g := range c.Groups {
		gx := left + slot*float64(i) + (slot-bw*float64(len(g.Bars)))/2
		for k, br := range g.Bars {
			bx := gx + bw*float64(k)
			cx := bx + bw/2
			v, fill := 0.0, br.Fill
			clipped := false
			switch br.Kind {
			case Value:
				v = math.Max(br.Value.InexactFloat64(), 0)
				clipped = v > clip
			case Full:
				v, fill = top, "url(#"+hatchID(br.Fill)+")"
			}
			// An Empty bar is a rect of no height, keeping its attributes.
			f("<rect class=\"%s\"", esc(br.Class))
			for _, d := range br.Data {
				f(" data-%s=\"%s\"", esc(d[0]), esc(d[1]))
			}
			if clipped {
				f(" data-clipped=\"true\"")
			}
			f(" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\">", px(bx), px(yOf(v)), px(bw), px(base-yOf(v)), fill)
			if br.Title != "" {
				f("<title>%s</title>", esc(br.Title))
			}
			f("</rect>\n")
			if clipped {
				// A break across the top of the bar, and an arrow above.
				by := yOf(v) + 10
				f("<path class=\"clip-marker\" d=\"M%s %sL%s %sL%s %sL%s %sZ\" fill=\"#ffffff\"/>",
					px(bx-1), px(by+4), px(bx+bw+1), px(by-2), px(bx+bw+1), px(by+2), px(bx-1), px(by+8))
				f("<path class=\"clip-marker\" d=\"M%s %sL%s %sL%s %sZ\" fill=\"#333333\"/>\n",
					px(cx-4), px(yOf(v)-2), px(cx+4), px(yOf(v)-2), px(cx), px(yOf(v)-8))
			}
			show := br.Label != "" && (c.ValueLabels || clipped || br.Kind == Empty)
			if !show {
				continue
			}
			ly := yOf(v) - 4
			if clipped {
				ly = yOf(v) - 11
			}
			if textWidth(br.Label, labelSize) <= bw+groupGap-2 || br.Kind == Empty {
				f("<text class=\"value\" x=\"%s\" y=\"%s\" font-size=\"%d\" text-anchor=\"middle\">%s</text>\n",
					px(cx), px(ly), labelSize, esc(br.Label))
				continue
			}
			// Too wide for the bar: run it up the inside of the bar, with a
			// white halo so it reads on any fill.
			ty := yOf(v) + 6
			if clipped {
				ty = yOf(v) + 22
			}
			if br.Kind == Full {
				ty = yOf(v) + 6
			}
			fmt.Fprintf(&over, "<text class=\"value\" transform=\"translate(%s %s) rotate(90)\" font-size=\"%d\" font-weight=\"bold\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\" fill=\"#111111\" dominant-baseline=\"middle\">%s</text>\n",
				px(cx), px(ty), labelSize, esc(br.Label))
		}
		lx := left + slot*float64(i) + slot/2
		f("<text class=\"group\" transform=\"translate(%s %s) rotate(-%d)\" font-size=\"%d\" text-anchor=\"end\">%s</text>\n",
			px(lx+4), px(base+14), labelAngle, smallSize, esc(g.Label))
	}
	f("</g>\n")

	// Threshold lines over the bars, labels in the right margin moved
	// apart when they would touch.
	f("<g class=\"thresholds\" font-size=\"%d\">\n", smallSize)
	type lab struct {
		y    float64
		line Line
	}
	labs := make([]lab, 0, len(c.Lines))
	for _, l := range c.Lines {
		labs = append(labs, lab{yOf(l.Value.InexactFloat64()), l})
	}
	sort.SliceStable(labs, func(i, j int) bool { return labs[i].y > labs[j].y }) // bottom first
	ty := make([]float64, len(labs))
	for i := range labs {
		ty[i] = labs[i].y + 4
		if i > 0 && ty[i] > ty[i-1]-13 {
			ty[i] = ty[i-1] - 13
		}
	}
	for i, l := range labs {
		f("<line class=\"threshold\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>",
			px(left), px(l.y), px(left+plotW), px(l.y), esc(l.line.Colour))
		f("<text class=\"threshold-label\" x=\"%s\" y=\"%s\" fill=\"%s\">%s</text>\n", px(left+plotW+6), px(ty[i]), esc(l.line.Colour), esc(l.line.Label))
	}
	f("</g>\n")
	if over.Len() > 0 {
		f("<g class=\"bar-labels\">\n%s</g>\n", over.String())
	}
	f("</svg>\n")
	_, err := w.Write(b.Bytes())
	return err
}

// legendEntry is the width of a legend entry: swatch, text and gap.
func legendEntry(text string) float64 { return 14 + textWidth(text, smallSize) + 16 }

// tickText labels an axis tick.
func tickText(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + "%" }

// hatchID names the hatch pattern of a colour.
func hatchID(fill string) string {
	var b []byte
	for i := 0; i < len(fill); i++ {
		c := fill[i]
		if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			b = append(b, c)
		}
	}
	return "hatch-" + string(b)
}

// px formats a coordinate with at most one decimal place.
func px(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		s = s[:len(s)-2]
	}
	return s
}

// esc escapes text for XML character data and attribute values.
func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s)) // writes to a bytes.Buffer cannot fail
	return b.String()
}

package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/workload"
)

// Chart geometry, in pixels.
const (
	chartTop    = 50
	chartLeft   = 60
	chartRight  = 20
	plotHeight  = 300
	labelSpace  = 80
	barWidth    = 14
	groupWidth  = 44
	colorBefore = "#9aa5b1"
	colorAfter  = "#1f6fb4"
)

// writeSVG draws each officer's capacity before and after as a pair of
// bars, with lines at the distribution thresholds. Officers in no
// capacity get a full-height hatched bar; idle officers get no bars.
// Coordinates are computed in decimal and printed to one place.
func writeSVG(w io.Writer, mb, ma *workload.Measurement) {
	// The scale: at least 130%, else the highest capacity rounded up to
	// the next 10%.
	top := decimal.NewFromInt(130)
	for _, m := range []*workload.Measurement{mb, ma} {
		for _, l := range m.Loads() {
			if l.Band != workload.BandNoCapacity && l.Capacity.GreaterThan(top) {
				top = l.Capacity.Shift(-1).Ceil().Shift(1)
			}
		}
	}
	n := len(mb.Loads())
	width := chartLeft + n*groupWidth + chartRight
	height := chartTop + plotHeight + labelSpace
	h := decimal.NewFromInt(plotHeight)
	y := func(pct decimal.Decimal) decimal.Decimal { // pixel row of a percentage
		if pct.GreaterThan(top) {
			pct = top
		}
		return decimal.NewFromInt(chartTop + plotHeight).Sub(pct.Mul(h).DivRound(top, 1))
	}
	px := func(d decimal.Decimal) string { return d.StringFixed(1) }

	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`+"\n",
		width, height, width, height)
	fmt.Fprintln(w, `<defs><pattern id="nocap" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`+
		`<rect width="3" height="6" fill="#c0392b"/></pattern></defs>`)
	fmt.Fprintf(w, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	fmt.Fprintf(w, `<text x="%d" y="20" font-size="14" font-weight="bold">Capacity before and after: %s</text>`+"\n",
		chartLeft, esc(ma.Policy.Name+" "+ma.Policy.Version))
	fmt.Fprintf(w, `<rect x="%d" y="28" width="10" height="10" fill="%s"/><text x="%d" y="37">before (%s)</text>`+"\n",
		chartLeft, colorBefore, chartLeft+14, esc(mb.Policy.Version))
	fmt.Fprintf(w, `<rect x="%d" y="28" width="10" height="10" fill="%s"/><text x="%d" y="37">after (%s)</text>`+"\n",
		chartLeft+200, colorAfter, chartLeft+214, esc(ma.Policy.Version))

	// Axis with a tick every 20%, and the thresholds.
	for v := int64(0); v <= top.IntPart(); v += 20 {
		yy := px(y(decimal.NewFromInt(v)))
		fmt.Fprintf(w, `<line x1="%d" y1="%s" x2="%d" y2="%s" stroke="#eee"/><text x="%d" y="%s" text-anchor="end">%d%%</text>`+"\n",
			chartLeft, yy, width-chartRight, yy, chartLeft-6, yy, v)
	}
	for i, t := range []struct {
		pct   int64
		color string
	}{{100, "#e67e22"}, {110, "#c0392b"}, {120, "#7b241c"}} {
		yy := px(y(decimal.NewFromInt(t.pct)))
		fmt.Fprintf(w, `<line class="threshold" x1="%d" y1="%s" x2="%d" y2="%s" stroke="%s" stroke-dasharray="%d 3"/>`+"\n",
			chartLeft, yy, width-chartRight, yy, t.color, 6-2*i)
		fmt.Fprintf(w, `<text x="%d" y="%s" dy="-2" text-anchor="end" fill="%s">%d%%</text>`+"\n", width-chartRight, yy, t.color, t.pct)
	}

	for i, b := range mb.Loads() {
		a := ma.LoadAt(i)
		x0 := chartLeft + i*groupWidth + (groupWidth-2*barWidth)/2
		for k, pair := range []struct {
			l     workload.Load
			class string
			color string
		}{{b, "before", colorBefore}, {a, "after", colorAfter}} {
			x := x0 + k*barWidth
			switch {
			case idle(pair.l):
				continue
			case pair.l.Band == workload.BandNoCapacity:
				fmt.Fprintf(w, `<rect class="%s" x="%d" y="%d" width="%d" height="%d" fill="url(#nocap)"><title>%s %s: no capacity</title></rect>`+"\n",
					pair.class, x, chartTop, barWidth, plotHeight, esc(b.Officer), pair.class)
			default:
				yy := y(pair.l.Capacity)
				fmt.Fprintf(w, `<rect class="%s" x="%d" y="%s" width="%d" height="%s" fill="%s"><title>%s %s: %s%%</title></rect>`+"\n",
					pair.class, x, px(yy), barWidth, px(decimal.NewFromInt(chartTop+plotHeight).Sub(yy)), pair.color,
					esc(b.Officer), pair.class, pair.l.Capacity.StringFixed(3))
			}
		}
		lx := x0 + barWidth
		ly := chartTop + plotHeight + 8
		fmt.Fprintf(w, `<text x="%d" y="%d" text-anchor="end" transform="rotate(-60 %d %d)">%s</text>`+"\n", lx, ly, lx, ly, esc(b.Officer))
	}
	fmt.Fprintln(w, `</svg>`)
}

// esc escapes text for XML character data and attributes.
func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s)) // writes to a bytes.Buffer cannot fail
	return b.String()
}

package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/openprobation/caseload/workload"
)

// Chart geometry, in pixels.
const (
	barWidth    = 36
	barGap      = 18
	plotLeft    = 70  // room for the axis labels
	plotTop     = 86  // room for the title, legend and the top bar label
	plotHeight  = 320 // the height of the value axis
	plotBottom  = 80  // room for the officer labels
	plotRight   = 60  // room for the threshold labels
	yTickStep   = 20  // percent between axis ticks
	minAxisHigh = 140 // the value axis reaches at least this percentage
)

// bandColours fill the bars of each band.
var bandColours = map[workload.Band]string{
	workload.BandWithin:     "#3b8f4a",
	workload.BandOver:       "#e0a526",
	workload.BandRed:        "#c7362f",
	workload.BandNoCapacity: "#5b2a86",
}

// writeSVG draws capacity per officer as a bar chart: bars coloured by
// band, dashed lines at the policy's over and red thresholds, officer
// labels, a title and a value axis. An officer with work but no available
// points has a full-height bar marked "no capacity"; an idle officer has no
// bar (an empty one) and the label "idle".
func writeSVG(w io.Writer, r *report) error {
	// The value axis reaches past the highest bar, leaving room for its
	// label, and past the red threshold.
	top := math.Max(minAxisHigh, r.cfg.Bands.Red.InexactFloat64()+yTickStep/2)
	for _, ld := range r.loads {
		top = math.Max(top, ld.Capacity.InexactFloat64()+yTickStep/2)
	}
	top = math.Ceil(top/yTickStep) * yTickStep
	y := func(pct float64) float64 { return plotTop + plotHeight*(1-pct/top) }

	title := fmt.Sprintf("Capacity by officer, team %s on %s", r.team, r.asOf.Format(dateLayout))
	subtitle := fmt.Sprintf("Team capacity %s (ratio of sums) under policy %s",
		r.capacity(r.summary.Capacity, r.summary.Band, false), refString(r.policy.Ref()))
	bands := r.cfg.Bands
	legend := []struct {
		band workload.Band
		text string
	}{
		{workload.BandWithin, "within (at or under " + bands.Over.String() + "%)"},
		{workload.BandOver, "over (above " + bands.Over.String() + "%)"},
		{workload.BandRed, "red (above " + bands.Red.String() + "%)"},
		{workload.BandNoCapacity, "work but no available points"},
	}
	legendWidth := 0.0
	for _, l := range legend {
		legendWidth += legendEntry(l.text)
	}

	// The bars share the plot's width; the plot is at least as wide as
	// the text above it.
	n := len(r.loads)
	plotWidth := float64(n*(barWidth+barGap) + barGap)
	plotWidth = math.Max(plotWidth, math.Max(legendWidth, textWidth(subtitle, 12))-plotRight+20)
	slot := (plotWidth - barGap) / float64(max(n, 1))
	width := plotLeft + plotWidth + plotRight
	height := float64(plotTop + plotHeight + plotBottom)

	var b bytes.Buffer
	f := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	f("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%s\" height=\"%s\" viewBox=\"0 0 %s %s\" font-family=\"sans-serif\" font-size=\"12\">\n",
		px(width), px(height), px(width), px(height))
	f("<title>%s</title>\n", esc(title))
	f("<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n")
	f("<text class=\"title\" x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\">%s</text>\n", plotLeft, esc(title))
	f("<text class=\"subtitle\" x=\"%d\" y=\"42\" fill=\"#444444\">%s</text>\n", plotLeft, esc(subtitle))

	// Legend.
	x := float64(plotLeft)
	for _, l := range legend {
		f("<rect x=\"%s\" y=\"52\" width=\"10\" height=\"10\" fill=\"%s\"/>", px(x), bandColours[l.band])
		f("<text x=\"%s\" y=\"61\" font-size=\"11\">%s</text>\n", px(x+14), esc(l.text))
		x += legendEntry(l.text)
	}

	// Value axis, with light grid lines.
	f("<g class=\"axis\" font-size=\"11\" fill=\"#333333\">\n")
	for v := 0.0; v <= top; v += yTickStep {
		f("<line x1=\"%d\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#e4e4e4\"/>", plotLeft, px(y(v)), px(plotLeft+plotWidth), px(y(v)))
		f("<text x=\"%d\" y=\"%s\" text-anchor=\"end\">%s%%</text>\n", plotLeft-6, px(y(v)+4), px(v))
	}
	f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%s\" stroke=\"#333333\"/>\n", plotLeft, plotTop, plotLeft, px(y(0)))
	f("<line x1=\"%d\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#333333\"/>\n", plotLeft, px(y(0)), px(plotLeft+plotWidth), px(y(0)))
	f("<text transform=\"translate(16 %s) rotate(-90)\" text-anchor=\"middle\">capacity (%% of available points)</text>\n",
		px(plotTop+plotHeight/2))
	f("</g>\n")

	// Bars, one per officer.
	f("<g class=\"bars\">\n")
	for i, ld := range r.loads {
		bx := plotLeft + barGap/2 + slot*float64(i) + (slot-barWidth)/2
		cx := bx + barWidth/2
		v, label := ld.Capacity.InexactFloat64(), r.pct(ld.Capacity)+"%"
		switch {
		case idle(ld):
			v, label = 0, "idle"
		case ld.Band == workload.BandNoCapacity:
			v, label = top, "no capacity"
		}
		fill := bandColours[ld.Band]
		if fill == "" {
			fill = "#999999"
		}
		f("<rect class=\"bar\" data-officer=\"%s\" data-band=\"%s\" x=\"%s\" y=\"%s\" width=\"%d\" height=\"%s\" fill=\"%s\">",
			esc(ld.Officer), esc(ld.Band.String()), px(bx), px(y(v)), barWidth, px(y(0)-y(v)), fill)
		f("<title>%s</title></rect>\n", esc(fmt.Sprintf("%s (%s): %s, %s points of %s available, %d cases",
			ld.Officer, ld.Grade, label, ld.Points, r.available(ld.Available), ld.Cases)))
		f("<text x=\"%s\" y=\"%s\" font-size=\"10\" text-anchor=\"middle\">%s</text>\n", px(cx), px(y(v)-4), esc(shortPct(ld, label)))
		f("<text transform=\"translate(%s %s) rotate(-40)\" font-size=\"11\" text-anchor=\"end\">%s</text>\n",
			px(cx+4), px(y(0)+14), esc(ld.Officer+" "+ld.Grade.String()))
	}
	f("</g>\n")

	// Thresholds on top of the bars.
	f("<g class=\"thresholds\" font-size=\"11\">\n")
	for _, t := range []struct {
		pct    decimal.Decimal
		colour string
	}{{r.cfg.Bands.Over, "#b07a00"}, {r.cfg.Bands.Red, "#a01e18"}} {
		ty := y(t.pct.InexactFloat64())
		f("<line class=\"threshold\" x1=\"%d\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>",
			plotLeft, px(ty), px(plotLeft+plotWidth), px(ty), t.colour)
		f("<text x=\"%s\" y=\"%s\" fill=\"%s\">%s%%</text>\n", px(plotLeft+plotWidth+6), px(ty+4), t.colour, esc(t.pct.String()))
	}
	f("</g>\n</svg>\n")
	_, err := w.Write(b.Bytes())
	return err
}

// textWidth estimates the width of text in a sans-serif font of the size.
func textWidth(s string, size float64) float64 {
	return 0.55 * size * float64(utf8.RuneCountInString(s))
}

// legendEntry is the width of a legend entry: swatch, text and gap.
func legendEntry(text string) float64 { return 14 + textWidth(text, 11) + 16 }

// shortPct labels a bar with its capacity to one place.
func shortPct(ld workload.Load, label string) string {
	if idle(ld) || ld.Band == workload.BandNoCapacity {
		return label
	}
	return ld.Capacity.StringFixed(1) + "%"
}

// px formats a coordinate with at most one decimal place.
func px(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		s = s[:len(s)-2]
	}
	return s
}

// esc escapes text for XML character data and attribute values.
func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

package main

import (
	"fmt"
	"io"

	"github.com/openprobation/caseload/internal/chart"
	"github.com/openprobation/caseload/workload"
)

// Bar colours: a light grey before and a strong blue after (4.8:1 against
// white), hatched in dark red for no capacity.
const (
	colorBefore = "#8d99a6"
	colorAfter  = "#1f5fa8"
	colorNoCap  = "#a01e18"
)

// chartOf is the capacity chart of a change: each officer's capacity
// before and after as a pair of bars, with the policy's distribution
// thresholds as lines. Officers in no capacity get a full-height hatched
// bar; idle officers get bars of no height. edited says the policy after
// differs from the one before although it may carry the same name and
// version (an edit on the tuning page not yet saved).
func chartOf(mb, ma *workload.Measurement, edited bool) chart.Chart {
	// An edited policy not yet saved carries the version it started from:
	// say so rather than label both bars with the same version.
	afterVersion := ma.Policy.Version
	if edited && ma.Policy == mb.Policy {
		afterVersion += ", edited"
	}
	c := chart.Chart{
		Title:    "Capacity before and after: " + ma.Policy.Name + " " + afterVersion,
		Subtitle: fmt.Sprintf("Team capacity %s → %s (ratio of sums)", summaryCapacity(mb.National), summaryCapacity(ma.National)),
		Axis:     "capacity (% of available points)",
		Legend: []chart.LegendEntry{
			{Text: "before (" + mb.Policy.Version + ")", Fill: colorBefore},
			{Text: "after (" + afterVersion + ")", Fill: colorAfter},
			{Text: "work but no available points", Fill: colorNoCap, Hatched: true},
		},
	}
	colours := []string{"#8a5a00", "#a01e18", "#5c1410"}
	if len(mb.National.Distribution.Over) > 0 {
		for i, o := range mb.National.Distribution.Over {
			c.Lines = append(c.Lines, chart.Line{Value: o.Threshold, Label: o.Threshold.String() + "%", Colour: colours[min(i, len(colours)-1)]})
		}
	}
	for i, b := range mb.Loads() {
		a := ma.LoadAt(i)
		g := chart.Group{Label: b.Officer}
		for _, s := range []struct {
			l            workload.Load
			class, color string
		}{{b, "before", colorBefore}, {a, "after", colorAfter}} {
			bar := chart.Bar{Value: s.l.Capacity, Label: s.l.Capacity.StringFixed(1) + "%", Fill: s.color, Class: s.class,
				Data:  [][2]string{{"officer", b.Officer}},
				Title: fmt.Sprintf("%s %s: %s", b.Officer, s.class, capacityText(s.l))}
			switch {
			case idle(s.l):
				bar.Kind, bar.Label = chart.Empty, ""
			case s.l.Band == workload.BandNoCapacity:
				bar.Kind, bar.Fill, bar.Label = chart.Full, colorNoCap, "no capacity"
			}
			g.Bars = append(g.Bars, bar)
		}
		if idle(b) && idle(a) {
			g.Bars[0].Label = "idle"
		}
		c.Groups = append(c.Groups, g)
	}
	return c
}

// writeSVG draws the chart of a change.
func writeSVG(w io.Writer, mb, ma *workload.Measurement, edited bool) error {
	return chart.Write(w, chartOf(mb, ma, edited))
}

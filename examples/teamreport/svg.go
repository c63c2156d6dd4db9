package main

import (
	"fmt"
	"io"

	"github.com/openprobation/caseload/internal/chart"
	"github.com/openprobation/caseload/workload"
)

// bandColours fill the bars of each band.
var bandColours = map[workload.Band]string{
	workload.BandWithin:     "#3b8f4a",
	workload.BandOver:       "#e0a526",
	workload.BandRed:        "#c7362f",
	workload.BandNoCapacity: "#5b2a86",
}

// writeSVG draws capacity per officer as a bar chart (the shared chart of
// the examples): bars coloured by band, dashed lines at the policy's over
// and red thresholds, officer labels, a title and a value axis. An officer
// with work but no available points has a full-height hatched bar marked
// "no capacity"; an idle officer has no bar and the label "idle". An
// outlier is clipped with a marker and labelled with its capacity.
func writeSVG(w io.Writer, r *report) error {
	bands := r.cfg.Bands
	c := chart.Chart{
		Title: fmt.Sprintf("Capacity by officer, team %s on %s", r.team, r.asOf.Format(dateLayout)),
		Subtitle: fmt.Sprintf("Team capacity %s (ratio of sums) under policy %s",
			r.capacity(r.summary.Capacity, r.summary.Band, false), refString(r.policy.Ref())),
		Axis: "capacity (% of available points)",
		Legend: []chart.LegendEntry{
			{Text: "within (at or under " + bands.Over.String() + "%)", Fill: bandColours[workload.BandWithin]},
			{Text: "over (above " + bands.Over.String() + "%)", Fill: bandColours[workload.BandOver]},
			{Text: "red (above " + bands.Red.String() + "%)", Fill: bandColours[workload.BandRed]},
			{Text: "work but no available points", Fill: bandColours[workload.BandNoCapacity], Hatched: true},
		},
		Lines: []chart.Line{
			{Value: bands.Over, Label: bands.Over.String() + "%", Colour: "#8a5a00"},
			{Value: bands.Red, Label: bands.Red.String() + "%", Colour: "#a01e18"},
		},
		ValueLabels: true,
	}
	for _, ld := range r.loads {
		bar := chart.Bar{Value: ld.Capacity, Label: ld.Capacity.StringFixed(1) + "%", Fill: bandColours[ld.Band], Class: "bar",
			Data: [][2]string{{"officer", ld.Officer}, {"band", ld.Band.String()}}}
		label := r.pct(ld.Capacity) + "%"
		switch {
		case idle(ld):
			bar.Kind, bar.Label, label = chart.Empty, "idle", "idle"
		case ld.Band == workload.BandNoCapacity:
			bar.Kind, bar.Label, label = chart.Full, "no capacity", "no capacity"
		}
		if bar.Fill == "" {
			bar.Fill = "#999999"
		}
		bar.Title = fmt.Sprintf("%s (%s): %s, %s points of %s available, %d cases",
			ld.Officer, ld.Grade, label, ld.Points, r.available(ld.Available), ld.Cases)
		c.Groups = append(c.Groups, chart.Group{Label: ld.Officer + " " + ld.Grade.String(), Bars: []chart.Bar{bar}})
	}
	return chart.Write(w, c)
}

package workload

// orderDates moves a generated case's dates into an order that can
// happen (start ≤ release ≤ two-thirds, start ≤ end), as case validation
// demands: generators draw dates independently, then call it.
func orderDates(c *Case) {
	if !c.Release.IsZero() && !c.Start.IsZero() && c.Release.Before(c.Start) {
		c.Start = c.Release
	}
	if !c.TwoThirds.IsZero() {
		if !c.Start.IsZero() && c.TwoThirds.Before(c.Start) {
			c.TwoThirds = c.Start
		}
		if !c.Release.IsZero() && c.TwoThirds.Before(c.Release) {
			c.TwoThirds = c.Release
		}
	}
	if !c.End.IsZero() && !c.Start.IsZero() && c.End.Before(c.Start) {
		c.End = c.Start
	}
}

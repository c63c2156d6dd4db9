package workload

// Roster is a whole organisation's data as plain values: officers, the
// cases each holds, court reports and cover contacts, as an export from a
// case-management system would give them. [Policy.Prepare] validates and
// indexes a roster once; [Prepared.Measure] then measures every officer,
// team, region and the nation at any date.
type Roster struct {
	Officers []Officer `json:"officers"`
	Cases    []Case    `json:"cases"`
	Reports  []Report  `json:"reports,omitempty"`
	Covers   []Cover   `json:"covers,omitempty"`
}

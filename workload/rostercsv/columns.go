package rostercsv

import "slices"

// Columns returns the columns of a roster export, in the order [Write]
// writes them. The first row of an export names its columns, in any
// order; unknown names are errors (see [Options] to map an export's own
// names). Required: officer, team, grade, hours, case, tier, type.
//
// Each data row is one record, named in the record column: case (the
// default when case is not empty), officer (the default when it is),
// reduction, report or cover. An export without a record column holds
// only cases and officers.
//
//	column            record          meaning                                example
//	record            any             what the row is (optional)             case
//	officer           any             officer ID; on a cover, who made it   off-0042
//	team              officer, case   team ID                                north-1
//	region            officer, case   region ID (optional)                   north
//	grade             officer, case   PO, PSO, SPO, PQiP, NQO or ungraded    PSO
//	                                  (the national "DMY" reads as ungraded)
//	hours             officer, case   contracted weekly hours                22.5
//	case              case, cover     case ID                                case-000123
//	tier              case            a tier of the policy's scheme          B2, A3S, untiered
//	type              case            community, licence or custody          licence
//	young_adult       case            true or false (optional)               false
//	inactive          case            active, warrant, unpaid-work-only or
//	                                  overdue-termination (optional)         active
//	start, release, recalled, rereleased, two_thirds, end, last_contact,
//	allocated, assessed_on, escalated_on
//	                  case            dates (optional)                       2026-03-01
//	rosh              case            low, medium, high, very-high; absent,
//	                                  empty or unknown: not assessed         high
//	mappa             case            none, 1, 2 or 3; absent, empty or
//	                                  unknown: not recorded (read protected) 2
//	flags             case            flag names separated by ';'; an absent
//	                                  column or "unknown": not recorded      domestic-abuse;iom
//	complexity        case            complexity factors, 0–10               2
//	provisional       case            true or false                          false
//	reason            reduction       a reduction reason                     pqip-stage-1
//	reduction_hours   reduction       hours taken off (or give a percent)    7.4
//	reduction_percent reduction       percent of contracted hours            20
//	from, to          reduction       first and last day; an empty to        2026-01-05
//	                                  follows the reason's schedule
//	status            reduction       active, inactive or deleted            active
//	note              reduction       free text                              facility time
//	report            report          report ID                              rep-0012
//	kind              report          standard or fast                       fast
//	due               report          due date                               2026-12-01
//	owner             cover           the case's officer (optional: by       off-0007
//	                                  default the officer of the case row)
//	on                cover           date of the contact                    2026-11-20
//	points            cover           the contact's weight                   13
//
// Dates are YYYY-MM-DD, or DD/MM/YYYY when [Options].DayFirst is set. An
// officer is declared by an officer row or by the officer columns of a
// case row; they repeat on every row that gives them and must agree.
// Reduction, report and cover rows name their officer and may leave team,
// region, grade and hours empty (if given, they must agree too); the
// officer must be declared somewhere in the export. A column a record
// does not use must be empty on its rows, or its data would be dropped.
//
// Older exports put reduction_hours on officer and case rows: there it
// reads as one open-ended reduction for reason "other" in force
// throughout, as it always did.
func Columns() []string { return slices.Clone(columns) }

var columns = []string{
	"record", "officer", "team", "region", "grade", "hours", "reduction_hours",
	"case", "tier", "type", "young_adult", "inactive",
	"start", "release", "recalled", "rereleased", "two_thirds", "end", "last_contact", "allocated",
	"rosh", "mappa", "flags", "complexity", "assessed_on", "provisional", "escalated_on",
	"reason", "reduction_percent", "from", "to", "status", "note",
	"report", "kind", "due",
	"owner", "on", "points",
}

// Record kinds.
const (
	recordCase      = "case"
	recordOfficer   = "officer"
	recordReduction = "reduction"
	recordReport    = "report"
	recordCover     = "cover"
)

// officerColumns are the columns that declare an officer.
var officerColumns = []string{"team", "region", "grade", "hours"}

// recordColumns lists the columns rows of a record kind may fill besides
// record and officer, and reports whether the kind is known.
func recordColumns(kind string) ([]string, bool) {
	switch kind {
	case recordOfficer:
		return []string{"team", "region", "grade", "hours", "reduction_hours"}, true
	case recordCase:
		return []string{"team", "region", "grade", "hours", "reduction_hours",
			"case", "tier", "type", "young_adult", "inactive",
			"start", "release", "recalled", "rereleased", "two_thirds", "end", "last_contact", "allocated",
			"rosh", "mappa", "flags", "complexity", "assessed_on", "provisional", "escalated_on"}, true
	case recordReduction:
		return []string{"team", "region", "grade", "hours", "reason", "reduction_hours", "reduction_percent", "from", "to", "status", "note"}, true
	case recordReport:
		return []string{"team", "region", "grade", "hours", "report", "kind", "due"}, true
	case recordCover:
		return []string{"team", "region", "grade", "hours", "case", "owner", "on", "points"}, true
	}
	return nil, false
}

var required = []string{"officer", "team", "grade", "hours", "case", "tier", "type"}

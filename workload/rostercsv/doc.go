// Package rostercsv reads and writes a whole roster as one CSV export:
// officers, the cases they hold, their dated reductions (with reason and
// status), court reports and cover contacts. It is built only on the
// public API of package workload, as go-cmp's cmpopts is built on cmp: it
// turns rows into [workload.Roster] values and back, and leaves validation
// against a policy to [workload.Policy.Prepare].
//
// # Reading
//
// [Read] reads the format [Columns] describes, one row at a time, so that
// memory grows with the roster and not with the file. Every bad row is an
// error naming its line and column ([workload.FieldError], wrapping the
// sentinels callers branch on); nothing is skipped or guessed. Exports
// whose column names differ, and exports that write dates day first
// (DD/MM/YYYY), are read through [Options].
//
// # Writing
//
// [Write] writes a roster in the same format, so that what it writes
// [Read] reads back unchanged.
package rostercsv

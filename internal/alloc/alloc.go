// Package alloc measures how many bytes a function allocates, for tests that
// bound the work a hostile input can cause without reading a clock.
//
// A test that asserts "this took under a second" fails on a busy machine;
// a test that asserts "this allocated under 64 MiB" does not, and still
// catches the runaway conversions (a decimal with a huge exponent, a
// quadratic loop building strings) that a deadline was meant to catch.
package alloc

import "runtime"

// Bytes runs f once and returns the bytes it allocated on the heap (the
// growth of runtime.MemStats.TotalAlloc). Allocations by other goroutines
// running at the same time are counted too, so tests that use it should not
// run in parallel with heavy work.
func Bytes(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

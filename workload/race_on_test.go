//go:build race

package workload_test

// raceEnabled is set when the race detector is on: time limits stretch and the
// largest inputs shrink.
const raceEnabled = true

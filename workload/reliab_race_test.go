//go:build race

package workload_test

// relRace is set when the race detector is on: time limits stretch and the
// largest inputs shrink.
const relRace = true

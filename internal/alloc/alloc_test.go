package alloc

import "testing"

var sink []byte

func TestBytesCountsAllocations(t *testing.T) {
	got := Bytes(func() { sink = make([]byte, 1<<20) })
	if got < 1<<20 {
		t.Fatalf("Bytes = %d, want at least %d", got, 1<<20)
	}
	if got := Bytes(func() {}); got > 64<<10 {
		t.Fatalf("Bytes of an empty function = %d", got)
	}
}

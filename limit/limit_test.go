package limit

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestPerSecondPacesAndRefusesLongWaits(t *testing.T) {
	l, err := PerSecond(20, 1, 100*time.Millisecond) // one every 50 ms
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// Five callers at once: slots at 0, 50, 100, 150 and 200 ms; the bound
	// lets the first three wait and refuses the rest.
	errs := make(chan error, 5)
	for range 5 {
		go func() { errs <- l.Wait(ctx) }()
	}
	var ok, limited int
	for range 5 {
		switch err := <-errs; {
		case err == nil:
			ok++
		case errors.Is(err, ErrLimited):
			limited++
		default:
			t.Fatal(err)
		}
	}
	if ok < 2 || limited < 1 || ok+limited != 5 {
		t.Errorf("%d went ahead, %d refused; want the waits past 100 ms refused", ok, limited)
	}
	short, cancel := context.WithTimeout(ctx, time.Millisecond)
	defer cancel()
	if err := l.Wait(short); !errors.Is(err, ErrLimited) && !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a wait past the caller's deadline: %v", err)
	}
	if _, err := PerSecond(0, 1, 0); err == nil {
		t.Error("zero rate accepted")
	}
}

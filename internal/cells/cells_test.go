package cells

import (
	"errors"
	"testing"

	"github.com/mapswitch/mapswitch/geo"
)

func TestCommonFailure(t *testing.T) {
	m := New(2, 3)
	Fail(m, 0, 2, 0, 3, geo.ErrQuotaExceeded)
	if err := CommonFailure(m); !errors.Is(err, geo.ErrQuotaExceeded) {
		t.Errorf("all quota: %v", err)
	}
	m.Cells[1][2] = geo.Cell{Err: geo.ErrUnavailable}
	if err := CommonFailure(m); err != nil {
		t.Errorf("mixed kinds: %v", err)
	}
	Fail(m, 0, 2, 0, 3, geo.ErrNotFound)
	if err := CommonFailure(m); err != nil {
		t.Errorf("all not found is an answer, not a failure: %v", err)
	}
	m.Cells[0][0] = geo.Cell{DistanceMeters: 1}
	if err := CommonFailure(m); err != nil {
		t.Errorf("a value: %v", err)
	}
	if len(m.Cells) != 2 || len(m.Cells[1]) != 3 || cap(m.Cells[0]) != 3 {
		t.Errorf("shape %d×%d cap %d", len(m.Cells), len(m.Cells[1]), cap(m.Cells[0]))
	}
}

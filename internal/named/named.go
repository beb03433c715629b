// Package named gives a provider's answers and errors the name its user
// chose (WithName), so that two accounts of one provider can sit in one
// failover chain and every result still says which one answered. The wire
// code keeps its fixed default name; the public methods pass what they
// return through here.
package named

import (
	"errors"

	"github.com/mapswitch/mapswitch/geo"
)

// Err returns err with its *geo.ProviderError (if any, at the top) carrying
// name instead of the default.
func Err(name string, err error) error {
	var pe *geo.ProviderError
	if err == nil || !errors.As(err, &pe) || pe.Provider == name || err != error(pe) {
		return err
	}
	cp := *pe
	cp.Provider = name
	return &cp
}

// Places renames places and err.
func Places(name string, places []geo.Place, err error) ([]geo.Place, error) {
	for i := range places {
		places[i].Provider = name
	}
	return places, Err(name, err)
}

// Route renames r and err.
func Route(name string, r *geo.Route, err error) (*geo.Route, error) {
	if r != nil {
		r.Provider = name
	}
	return r, Err(name, err)
}

// Matrix renames every answered cell of m, every cell's error, and err.
func Matrix(name string, m *geo.Matrix, err error) (*geo.Matrix, error) {
	if m != nil {
		for _, row := range m.Cells {
			for j := range row {
				if row[j].Provider != "" {
					row[j].Provider = name
				}
				row[j].Err = Err(name, row[j].Err)
			}
		}
	}
	return m, Err(name, err)
}

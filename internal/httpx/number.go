package httpx

import (
	"bytes"
	"fmt"
	"strconv"
)

// Number is a float64 that decodes from a JSON number, a numeric string
// ("127.0276", " 37.4"), an empty string or null (both zero). Korean
// providers send coordinates as strings in some endpoints and numbers in
// others, sometimes for the same field.
type Number float64

// UnmarshalJSON implements json.Unmarshaler.
func (n *Number) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		*n = 0
		return nil
	}
	if b[0] == '"' {
		s, err := strconv.Unquote(string(b))
		if err != nil {
			return fmt.Errorf("number: bad string %s", b)
		}
		b = bytes.TrimSpace([]byte(s))
		if len(b) == 0 {
			*n = 0
			return nil
		}
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("number: %q is not a number", b)
	}
	*n = Number(f)
	return nil
}

// Float returns n as a float64.
func (n Number) Float() float64 { return float64(n) }

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/rivo/uniseg"
)

// table prints aligned columns, measuring Korean text by display width
// (each Hangul syllable takes two cells), which text/tabwriter does not.
type table struct {
	rows [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) print(w io.Writer) {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], uniseg.StringWidth(c))
		}
	}
	var b strings.Builder
	for _, r := range t.rows {
		b.Reset()
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-uniseg.StringWidth(c)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// emitJSON writes v as one line of JSON.
func emitJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// emitGeoJSON writes a FeatureCollection as one line.
func emitGeoJSON(w io.Writer, fc *geojson.FeatureCollection) error {
	b, err := fc.MarshalJSON()
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

func pointFeature(p orb.Point, props map[string]any) *geojson.Feature {
	f := geojson.NewFeature(p)
	for k, v := range props {
		if v != "" && v != nil {
			f.Properties[k] = v
		}
	}
	return f
}

func lonLat(p orb.Point) string {
	return strconv.FormatFloat(p[0], 'f', 6, 64) + "," + strconv.FormatFloat(p[1], 'f', 6, 64)
}

func km(m float64) string { return strconv.FormatFloat(m/1000, 'f', 2, 64) + " km" }

func metres(m float64) string {
	if m < 10000 {
		return strconv.FormatFloat(m, 'f', 1, 64) + " m"
	}
	return strconv.FormatFloat(m/1000, 'f', 3, 64) + " km"
}

func minutes(d time.Duration) string { return d.Round(time.Second).String() }

func won(v int) string {
	if v == 0 {
		return "-"
	}
	return strconv.Itoa(v) + " KRW"
}

// flags renders an answer's estimated and stale marks for a table.
func flags(estimated, stale bool) string {
	var f []string
	if estimated {
		f = append(f, "estimated")
	}
	if stale {
		f = append(f, "stale")
	}
	return strings.Join(f, ",")
}

// unwrapPathError drops the path an *os.PathError repeats, since the
// message names the file already.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

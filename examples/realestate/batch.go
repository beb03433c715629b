package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/fanout"
)

// outputHeader is the first row of the output CSV.
var outputHeader = []string{"id", "address", "lon", "lat", "road", "jibun", "postal_code", "legal_code", "provider", "confidence", "error"}

// listing is one input row.
type listing struct{ id, address string }

// progress is reported after every geocoded row.
type progress struct {
	Total        int // rows in the input
	Skipped      int // rows already in the output from an earlier run
	Done         int // rows written by this run
	NotFound     int // written rows that no provider could geocode
	Retry        int // rows left for a rerun after a passing failure
	LastProvider string
}

// batch geocodes listings into an output CSV. Every row is written and
// flushed as soon as its answer arrives, so a crash or Ctrl-C loses at most
// the rows in flight; a rerun reads the output, skips the ids already there
// and appends the rest.
type batch struct {
	geocoder    geo.Geocoder
	concurrency int
	onProgress  func(progress)
}

// run geocodes every listing of inPath not yet in outPath.
func (b *batch) run(ctx context.Context, inPath, outPath string) (progress, error) {
	rows, err := readListings(inPath)
	if err != nil {
		return progress{}, err
	}
	done, err := resumeOutput(outPath)
	if err != nil {
		return progress{}, err
	}
	out, err := os.OpenFile(outPath, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return progress{}, err
	}
	defer out.Close()
	w := csv.NewWriter(out)
	if len(done) == 0 {
		if err := writeRow(w, outputHeader); err != nil {
			return progress{}, err
		}
	}

	var todo []listing
	p := progress{Total: len(rows)}
	for _, r := range rows {
		if done[r.id] {
			p.Skipped++
		} else {
			todo = append(todo, r)
		}
	}

	var mu sync.Mutex
	var writeErr error
	fanout.Each(ctx, len(todo), b.concurrency, func(ctx context.Context, k int) {
		r := todo[k]
		places, gerr := b.geocoder.Geocode(ctx, geo.GeocodeRequest{Query: r.address, Limit: 1})
		if ctx.Err() != nil {
			return // interrupted: leave the row for the rerun
		}
		mu.Lock()
		defer mu.Unlock()
		if writeErr != nil {
			return
		}
		if gerr != nil && !definitive(gerr) {
			// Every provider failed for a passing reason: leave the row
			// out so that a rerun tries it again.
			p.Retry++
		} else if err := writeRow(w, resultRow(r, places, gerr)); err != nil {
			writeErr = err
			return
		} else {
			p.Done++
			if gerr != nil {
				p.NotFound++
			} else {
				p.LastProvider = places[0].Provider
			}
		}
		if b.onProgress != nil {
			b.onProgress(p)
		}
	}, nil)
	if writeErr != nil {
		return p, writeErr
	}
	return p, ctx.Err()
}

// definitive reports whether err is an answer worth recording: the address
// does not exist or cannot be asked for. Anything else may succeed later.
func definitive(err error) bool {
	return errors.Is(err, geo.ErrNotFound) || errors.Is(err, geo.ErrInvalidRequest)
}

func resultRow(r listing, places []geo.Place, err error) []string {
	if err != nil {
		return []string{r.id, r.address, "", "", "", "", "", "", "", "", err.Error()}
	}
	pl := places[0]
	return []string{r.id, r.address,
		strconv.FormatFloat(pl.Point[0], 'f', 7, 64), strconv.FormatFloat(pl.Point[1], 'f', 7, 64),
		pl.Address.Road, pl.Address.Jibun, pl.Address.PostalCode, pl.Address.LegalCode,
		pl.Provider, strconv.FormatFloat(pl.Confidence, 'f', 2, 64), ""}
}

// writeRow writes and flushes one row, so that it is on disk before the next
// request is answered.
func writeRow(w *csv.Writer, row []string) error {
	if err := w.Write(row); err != nil {
		return err
	}
	w.Flush()
	return w.Error()
}

// readListings reads "id,address" rows; a header row whose first cell is
// "id" is skipped.
func readListings(path string) ([]listing, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.FieldsPerRecord = -1
	var out []listing
	seen := map[string]bool{}
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if line == 1 && rec[0] == "id" {
			continue
		}
		if len(rec) < 2 || rec[0] == "" {
			return nil, fmt.Errorf("%s line %d: want \"id,address\", got %q", path, line, rec)
		}
		if seen[rec[0]] {
			return nil, fmt.Errorf("%s line %d: duplicate id %q", path, line, rec[0])
		}
		seen[rec[0]] = true
		out = append(out, listing{rec[0], rec[1]})
	}
}

// resumeOutput returns the ids already written to path. A last line cut
// short by a crash is truncated away, so that it is geocoded again.
func resumeOutput(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, err
	}
	if i := bytes.LastIndexByte(data, '\n'); i != len(data)-1 {
		data = data[:i+1]
		if err := os.Truncate(path, int64(len(data))); err != nil {
			return nil, err
		}
	}
	done := map[string]bool{}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return done, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: cannot resume: %w", path, err)
		}
		if rec[0] != "id" {
			done[rec[0]] = true
		}
	}
}

package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/demo"
	"github.com/mapswitch/mapswitch/providers/sim"
)

func readOut(t *testing.T, path string) map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range rows[1:] {
		if _, dup := out[r[0]]; dup {
			t.Errorf("id %s written twice", r[0])
		}
		out[r[0]] = r
	}
	return out
}

// countingGeocoder cancels the run after n answers, like a Ctrl-C.
type countingGeocoder struct {
	geo.Geocoder
	n      atomic.Int32
	stopAt int32
	cancel context.CancelFunc
}

func (c *countingGeocoder) Geocode(ctx context.Context, req geo.GeocodeRequest) ([]geo.Place, error) {
	if c.n.Add(1) == c.stopAt {
		c.cancel()
	}
	return c.Geocoder.Geocode(ctx, req)
}

func TestBatchWritesAsItGoesAndResumes(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.csv"), filepath.Join(dir, "out.csv")
	if err := writeSample(in); err != nil {
		t.Fatal(err)
	}
	w, err := demo.Start(demo.Config{SimOpts: []sim.Option{sim.WithLatency(0, 0)}})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	total := len(sim.Gazetteer()) + 1

	// First run: interrupted after 30 answers, with Kakao down all along.
	w.Kakao.SetFault(sim.Fault{Kind: sim.Down})
	ctx, cancel := context.WithCancel(context.Background())
	g := &countingGeocoder{Geocoder: w.Client, stopAt: 30, cancel: cancel}
	p1, err := (&batch{geocoder: g, concurrency: 4}).run(ctx, in, out)
	if err == nil {
		t.Fatal("interrupted run reported success")
	}
	first := readOut(t, out)
	if len(first) == 0 || len(first) >= total || len(first) != p1.Done {
		t.Fatalf("after the interruption %d rows on disk, progress says %d", len(first), p1.Done)
	}
	// Simulate a crash mid-write: a torn last line.
	f, _ := os.OpenFile(out, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("L0999,\"half a ro")
	f.Close()

	// Second run: resumes, Kakao back.
	w.Kakao.SetFault(sim.Fault{})
	p2, err := (&batch{geocoder: w.Client, concurrency: 4}).run(context.Background(), in, out)
	if err != nil {
		t.Fatal(err)
	}
	if p2.Skipped != len(first) || p2.Done+p2.Skipped != total {
		t.Errorf("resume: skipped %d (want %d), done %d, total %d", p2.Skipped, len(first), p2.Done, total)
	}
	all := readOut(t, out)
	if len(all) != total {
		t.Fatalf("%d rows, want %d", len(all), total)
	}
	for id, r := range all {
		if id == "L9999" {
			if r[10] == "" {
				t.Errorf("the unknown address has no error: %v", r)
			}
			continue
		}
		if r[10] != "" || r[8] == "" || r[2] == "" {
			t.Errorf("row %v", r)
		}
		if _, resumed := first[id]; resumed && r[8] == "kakao" {
			t.Errorf("row %s from the first run was answered by kakao, which was down", id)
		}
	}
}

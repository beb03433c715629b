// Command realestate geocodes a CSV of listing addresses — the bulk job of a
// real-estate backend — through mapswitch's failover client over the
// simulated providers. Each row is written to the output as soon as it is
// answered; interrupt it (Ctrl-C) and run it again, and it resumes where it
// stopped. Rows that every provider failed for a passing reason are left
// out, so the next run retries them.
//
//	go run ./examples/realestate [-in listings.csv] [-out geocoded.csv]
//
// Without -in it writes a sample input from the simulator's gazetteer.
package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/mapswitch/mapswitch/internal/demo"
	"github.com/mapswitch/mapswitch/providers/sim"
)

func main() {
	in := flag.String("in", "", "input CSV of id,address (default: a sample written to listings.csv)")
	out := flag.String("out", "geocoded.csv", "output CSV, appended to and resumed from")
	workers := flag.Int("workers", 8, "concurrent requests")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *in == "" {
		*in = "listings.csv"
		if err := writeSample(*in); err != nil {
			fmt.Fprintln(os.Stderr, "realestate:", err)
			os.Exit(1)
		}
	}
	w, err := demo.Start(demo.Config{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "realestate:", err)
		os.Exit(1)
	}
	defer w.Close()
	b := &batch{geocoder: w.Client, concurrency: *workers, onProgress: func(p progress) {
		fmt.Fprintf(os.Stderr, "\r%d/%d done (%d resumed, %d not found, %d to retry), last answer from %s   ",
			p.Done+p.Skipped, p.Total, p.Skipped, p.NotFound, p.Retry, p.LastProvider)
	}}
	p, err := b.run(ctx, *in, *out)
	fmt.Fprintln(os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "realestate: stopped:", err, "— run again to resume")
		os.Exit(1)
	}
	fmt.Printf("geocoded %d listings into %s (%d from an earlier run, %d not found, %d left to retry)\n",
		p.Done, *out, p.Skipped, p.NotFound, p.Retry)
}

// writeSample writes every gazetteer address as a listing, plus one that
// no provider knows.
func writeSample(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"id", "address"})
	for i, p := range sim.Gazetteer() {
		w.Write([]string{fmt.Sprintf("L%04d", i+1), p.Road})
	}
	w.Write([]string{"L9999", "없는시 없는구 없는로 999"})
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/mapswitch/mapswitch/internal/fanout"
)

// runBatch reads IN, resumes from OUT.journal, answers the remaining rows
// with bounded concurrency, and writes OUT in input order.
func (a *app) runBatch(ctx context.Context, s batchSettings, inPath string, makeOp func(*batchInput) (*batchOp, error)) error {
	if s.concurrency < 1 || s.concurrency > 64 {
		return badInput("--concurrency %d is outside 1..64", s.concurrency)
	}
	every, err := time.ParseDuration(s.every)
	if err != nil || every <= 0 {
		return badInput("--progress-every %q: give a duration such as 10s", s.every)
	}
	jsonl, err := isJSONL(inPath, s.format)
	if err != nil {
		return err
	}
	jpath := s.out + ".journal"
	_, jerr := os.Stat(jpath)
	if err := checkOutput(s, jerr == nil); err != nil {
		return err
	}
	in, err := readBatchInput(inPath, jsonl)
	if err != nil {
		return err
	}
	op, err := makeOp(in)
	if err != nil {
		return err
	}
	hdr := journalHeader{Version: 1, Op: op.name, Input: in.sha, Rows: in.len(), Columns: op.settings}
	j, done, err := openJournal(jpath, hdr)
	if err != nil {
		return err
	}
	defer j.close()

	var todo []int
	for i := range in.len() {
		if _, ok := done[i]; !ok {
			todo = append(todo, i)
		}
	}
	resumed := len(done)
	prog := a.newProgress(op.name, len(todo), resumed, every)

	// Workers answer rows; one writer journals them, so that each answer
	// is on disk before it counts, and concurrent answers share a flush.
	results := make(chan journalEntry, 2*s.concurrency)
	go func() {
		fanout.Each(ctx, len(todo), s.concurrency, func(ctx context.Context, k int) {
			e := op.do(ctx, todo[k])
			if ctx.Err() == nil {
				results <- e
			}
		}, nil)
		close(results)
	}()
	var (
		writeErr error
		batch    []journalEntry
		buf      bytes.Buffer
	)
	for e := range results {
		if writeErr != nil {
			continue // drain, so the workers can finish
		}
		batch = append(batch[:0], e)
	drain:
		for {
			select {
			case e, ok := <-results:
				if !ok {
					break drain
				}
				batch = append(batch, e)
			default:
				break drain
			}
		}
		if writeErr = j.appendEntries(batch, &buf); writeErr != nil {
			continue
		}
		for _, e := range batch {
			done[e.I] = e
		}
		prog.add(len(batch))
	}
	prog.finish()
	if writeErr != nil {
		return fmt.Errorf("writing %s: %w", jpath, writeErr)
	}
	if ctx.Err() != nil {
		fmt.Fprintf(a.stderr, "mapswitch: batch %s interrupted: %d of %d rows done and journaled in %s; rerun the same command to resume\n",
			op.name, len(done), in.len(), jpath)
		return silentExit(130)
	}
	if err := writeOutput(s.out, in, op, done); err != nil {
		return fmt.Errorf("writing %s: %w", s.out, err)
	}
	j.close()
	if err := os.Remove(jpath); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return a.summarize(op.name, s.out, in.len(), resumed, done)
}

// writeOutput writes every row in input order to a temporary file, then
// renames it over out: a reader never sees half an output.
func writeOutput(out string, in *batchInput, op *batchOp, done map[int]journalEntry) error {
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	w := bufio.NewWriterSize(tmp, 256<<10)
	cw := csv.NewWriter(w)
	if err := in.writeHeader(cw, op.cols); err != nil {
		tmp.Close()
		return err
	}
	for i := range in.len() {
		e, ok := done[i]
		if !ok || len(e.Vals) != len(op.cols) {
			tmp.Close()
			return fmt.Errorf("row %d has no answer in the journal", i+1)
		}
		if err := in.writeRow(w, cw, op.cols, i, e.Vals); err != nil {
			tmp.Close()
			return err
		}
	}
	cw.Flush()
	if err := errors.Join(cw.Error(), w.Flush(), tmp.Sync(), tmp.Close()); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(out)); err == nil {
		d.Sync() // make the rename itself durable
		d.Close()
	}
	return nil
}

// summarize prints the closing summary and picks the exit code.
func (a *app) summarize(op, out string, rows, resumed int, done map[int]journalEntry) error {
	byProvider := map[string]int{}
	answered, notFound, invalid, failed := 0, 0, 0, 0
	for _, e := range done {
		switch e.Kind {
		case "":
			answered++
			byProvider[e.Provider]++
		case "not_found":
			notFound++
		case "invalid_request":
			invalid++
		default:
			failed++
		}
	}
	var names []string
	for p := range byProvider {
		names = append(names, p)
	}
	sort.Slice(names, func(i, j int) bool { return byProvider[names[i]] > byProvider[names[j]] })
	var per []string
	for _, p := range names {
		per = append(per, fmt.Sprintf("%s %d", p, byProvider[p]))
	}
	fmt.Fprintf(a.stderr, "mapswitch: batch %s: %d rows written to %s: answered %d (%s), not found %d, bad input %d, failed %d",
		op, rows, out, answered, strings.Join(per, ", "), notFound, invalid, failed)
	if resumed > 0 {
		fmt.Fprintf(a.stderr, "; %d resumed from an earlier run", resumed)
	}
	fmt.Fprintln(a.stderr)
	if failed > 0 {
		return silentExit(exitFailed)
	}
	return nil
}

// progress shows a bar with rate and ETA on a terminal, and a plain line
// every interval otherwise (logs and CI keep no carriage returns).
type progress struct {
	bar    *progressbar.ProgressBar
	w      io.Writer
	op     string
	total  int
	prior  int
	start  time.Time
	mu     sync.Mutex
	n      int
	stop   chan struct{}
	ticker *time.Ticker
	wg     sync.WaitGroup
}

func (a *app) newProgress(op string, total, prior int, every time.Duration) *progress {
	p := &progress{w: a.stderr, op: op, total: total, prior: prior, start: time.Now(), stop: make(chan struct{})}
	if isTerminal(a.stderr) {
		desc := "batch " + op
		if prior > 0 {
			desc += fmt.Sprintf(" (%d resumed)", prior)
		}
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(a.stderr),
			progressbar.OptionSetDescription(desc),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("rows"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionFullWidth(),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(a.stderr) }),
		)
		return p
	}
	p.ticker = time.NewTicker(every)
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			select {
			case <-p.stop:
				return
			case <-p.ticker.C:
				p.line()
			}
		}
	}()
	return p
}

func (p *progress) add(n int) {
	if p.bar != nil {
		p.bar.Add(n)
		return
	}
	p.mu.Lock()
	p.n += n
	p.mu.Unlock()
}

func (p *progress) line() {
	p.mu.Lock()
	n := p.n
	p.mu.Unlock()
	el := time.Since(p.start)
	rate := float64(n) / el.Seconds()
	eta := "unknown"
	if rate > 0 {
		eta = time.Duration(float64(p.total-n) / rate * float64(time.Second)).Round(time.Second).String()
	}
	fmt.Fprintf(p.w, "mapswitch: batch %s: %d/%d rows (%d resumed), %.1f rows/s, ETA %s\n", p.op, n+p.prior, p.total+p.prior, p.prior, rate, eta)
}

func (p *progress) finish() {
	if p.bar != nil {
		if p.bar.State().CurrentNum < int64(p.total) {
			fmt.Fprintln(p.w) // leave the interrupted bar on its own line
		}
		return
	}
	p.ticker.Stop()
	close(p.stop)
	p.wg.Wait()
}

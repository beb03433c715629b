package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/mapswitch/mapswitch/providers/sim"
)

// writeListings writes n rows of id,address: gazetteer places, and every
// 40th row an address no provider knows.
func writeListings(t *testing.T, path string, n int) {
	t.Helper()
	places := sim.Gazetteer()
	var b strings.Builder
	cw := csv.NewWriter(&b)
	cw.Write([]string{"id", "address"})
	for i := range n {
		addr := places[i%len(places)].Road
		if i%40 == 7 {
			addr = fmt.Sprintf("없는시 없는구 없는로 %d", i)
		}
		cw.Write([]string{strconv.Itoa(i), addr})
	}
	cw.Flush()
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkBatchOutput checks that out holds each of the n input rows exactly
// once, in input order, answered or marked not found.
func checkBatchOutput(t *testing.T, out string, n int) {
	t.Helper()
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != n+1 {
		t.Fatalf("%d rows in the output, want %d", len(recs)-1, n)
	}
	h := recs[0]
	col := map[string]int{}
	for i, c := range h {
		col[c] = i
	}
	for _, c := range []string{"id", "address", "lon", "lat", "provider", "confidence", "error_kind", "error"} {
		if _, ok := col[c]; !ok {
			t.Fatalf("no %s column in %v", c, h)
		}
	}
	for i, r := range recs[1:] {
		if r[col["id"]] != strconv.Itoa(i) {
			t.Fatalf("row %d holds id %s: order or uniqueness broken", i, r[col["id"]])
		}
		switch {
		case i%40 == 7 && r[col["error_kind"]] != "not_found":
			t.Errorf("row %d: error_kind %q, want not_found", i, r[col["error_kind"]])
		case i%40 != 7 && (r[col["provider"]] == "" || r[col["lon"]] == "" || r[col["error"]] != ""):
			t.Errorf("row %d not answered: %v", i, r)
		}
	}
}

func TestBatchGeocodeSurvivesSIGKILL(t *testing.T) {
	w := startWorld(t, sim.WithLatency(500*time.Microsecond, time.Millisecond))
	dir := t.TempDir()
	in, out := filepath.Join(dir, "listings.csv"), filepath.Join(dir, "geocoded.csv")
	const n = 3000
	writeListings(t, in, n)
	args := []string{"batch", "geocode", in, "-o", out, "--concurrency", "8", "--progress-every", "100ms"}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 15))
	kills, interrupted := 0, 0
	var last string
	for attempt := 0; ; attempt++ {
		if attempt > 40 {
			t.Fatal("the batch never finished")
		}
		cmd := exec.Command(bin, args...)
		cmd.Env = envList(w.env)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if kills < 6 {
			time.Sleep(time.Duration(30+rng.IntN(400)) * time.Millisecond)
			cmd.Process.Signal(syscall.SIGKILL)
			kills++
		}
		err := cmd.Wait()
		last = stderr.String()
		if strings.Contains(last, "panic") {
			t.Fatal(last)
		}
		if err == nil {
			break
		}
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			if _, err := os.Stat(out + ".journal"); err == nil {
				interrupted++
			}
			continue
		}
		t.Fatalf("exit %v:\n%s", err, last)
	}
	t.Logf("%d kills, %d of them mid-run", kills, interrupted)
	if interrupted < 2 {
		t.Errorf("only %d kills landed mid-run; the test did not exercise resuming", interrupted)
	}
	checkBatchOutput(t, out, n)
	if _, err := os.Stat(out + ".journal"); err == nil {
		t.Error("journal left behind after a finished run")
	}
	if !strings.Contains(last, "answered") || !strings.Contains(last, "not found 75") || !strings.Contains(last, "resumed") {
		t.Errorf("summary:\n%s", last)
	}
	// A finished output is not overwritten by accident.
	r := runCLI(t, w.env, "", args...).want(t, 2)
	r.oneLine(t, "already exists", "--overwrite")
}

func TestBatchTornJournalAndInterrupt(t *testing.T) {
	w := startWorld(t, sim.WithLatency(2*time.Millisecond, 0))
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.csv"), filepath.Join(dir, "out.csv")
	writeListings(t, in, 1000)
	args := []string{"batch", "geocode", in, "-o", out, "-c", "4"}
	cmd := exec.Command(bin, args...)
	cmd.Env = envList(w.env)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Start()
	time.Sleep(300 * time.Millisecond)
	cmd.Process.Signal(os.Interrupt)
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 || !strings.Contains(stderr.String(), "rerun the same command to resume") {
		t.Fatalf("Ctrl-C: exit %d\n%s", code, stderr.String())
	}
	// Tear the journal's last line, as a kill during a write would.
	jf, err := os.OpenFile(out+".journal", os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	jf.WriteString(`{"i":999,"p":"kak`)
	jf.Close()
	runCLI(t, w.env, "", args...).want(t, 0)
	checkBatchOutput(t, out, 1000)

	// Another input with the journal of this one: refused.
	writeListings(t, in, 10)
	os.WriteFile(out+".journal", []byte(`{"mapswitch_batch":1,"op":"geocode","input_sha256":"00","rows":400,"settings":"query=address"}`+"\n"), 0o644)
	runCLI(t, w.env, "", args...).want(t, 2).oneLine(t, "belongs to another run")
}

func TestBatchReverseJSONLAndRoute(t *testing.T) {
	w := startWorld(t)
	dir := t.TempDir()
	in, out := filepath.Join(dir, "pts.jsonl"), filepath.Join(dir, "addr.jsonl")
	os.WriteFile(in, []byte(`{"id":"a","lon":126.9779692,"lat":37.5662952}
{"id":"b","lon":"127.1112","lat":"37.3948","extra":[1,2]}
{"id":"c","lon":37.39,"lat":127.11}
`), 0o644)
	runCLI(t, w.env, "", "batch", "reverse", in, "-o", out).want(t, 0)
	b, _ := os.ReadFile(out)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 3 {
		t.Fatalf("output:\n%s", b)
	}
	var rows []map[string]any
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		rows = append(rows, m)
	}
	if rows[0]["id"] != "a" || !strings.Contains(rows[0]["road"].(string), "세종대로") || rows[0]["provider"] != "kakao" {
		t.Errorf("row a: %v", rows[0])
	}
	if rows[1]["extra"] == nil || rows[1]["provider"] != "kakao" {
		t.Errorf("row b lost its input fields: %v", rows[1])
	}
	if rows[2]["error_kind"] != "invalid_request" || !strings.Contains(rows[2]["error"].(string), "lat,lon") {
		t.Errorf("row c (swapped): %v", rows[2])
	}

	in, out = filepath.Join(dir, "orders.csv"), filepath.Join(dir, "fees.csv")
	os.WriteFile(in, []byte("order,pickup,dropoff\n1,\"127.1112,37.3948\",서울특별시청\n2,판교역,\"129.0414,35.1151\"\n"), 0o644)
	runCLI(t, w.env, "", "batch", "route", in, "-o", out, "--from-col", "pickup", "--to-col", "dropoff").want(t, 0)
	f, _ := os.Open(out)
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(recs) != 3 || recs[0][3] != "distance_m" || recs[1][7] != "kakao" {
		t.Fatalf("route output %v %v", recs, err)
	}
	if d, _ := strconv.ParseFloat(recs[2][3], 64); d < 300000 {
		t.Errorf("판교 → 부산 %v m", d)
	}
	runCLI(t, w.env, "", "batch", "route", in, "-o", filepath.Join(dir, "x.csv"), "--from-col", "start").want(t, 2).oneLine(t, `--from-col "start"`, "order, pickup, dropoff")
}

// TestBatchProgress checks the bar on a terminal and plain lines on a pipe.
func TestBatchProgress(t *testing.T) {
	w := startWorld(t, sim.WithLatency(time.Millisecond, 0))
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	writeListings(t, in, 600)

	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("SKIPPED: no pseudo-terminal here: %v", err)
	}
	defer ptmx.Close()
	cmd := exec.Command(bin, "batch", "geocode", in, "-o", filepath.Join(dir, "a.csv"), "-c", "2")
	cmd.Env = envList(w.env)
	cmd.Stderr = tty
	var screen bytes.Buffer
	done := make(chan struct{})
	go func() { io.Copy(&screen, ptmx); close(done) }()
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	<-done
	s := screen.String()
	if !strings.Contains(s, "\r") || !strings.Contains(s, "rows/s") || !strings.Contains(s, "100%") || !strings.Contains(s, "answered") {
		t.Errorf("no progress bar on the terminal:\n%q", s)
	}

	r := runCLI(t, w.env, "", "batch", "geocode", in, "-o", filepath.Join(dir, "b.csv"), "-c", "2", "--progress-every", "100ms").want(t, 0)
	if strings.Contains(r.stderr, "\r") || !strings.Contains(r.stderr, "rows/s, ETA") {
		t.Errorf("pipe progress:\n%q", r.stderr)
	}
}

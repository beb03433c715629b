package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// The journal makes a batch survive SIGKILL. It sits next to the output
// (OUT.journal) and is append-only: a header line naming the run, then one
// JSON line per answered row, each written with a single write and
// fsynced before the row counts as done. A kill can at worst tear the last
// line, which the next run cuts off and redoes. The ordered output is
// produced from the journal at the end, written to a temporary file and
// renamed over OUT, and only then is the journal removed: every moment of a
// run is either resumable from the journal or finished.

// journalHeader names the run a journal belongs to: a rerun with other
// input or other settings must not mix its rows in.
type journalHeader struct {
	Version int    `json:"mapswitch_batch"`
	Op      string `json:"op"`
	Input   string `json:"input_sha256"`
	Rows    int    `json:"rows"`
	Columns string `json:"settings"`
}

// journalEntry is one answered row.
type journalEntry struct {
	I        int      `json:"i"`
	Provider string   `json:"p,omitempty"`
	Kind     string   `json:"k,omitempty"` // error kind, "" when answered
	Vals     []string `json:"v"`
}

type journal struct {
	f    *os.File
	path string
}

// openJournal opens or creates path for hdr and returns the entries already
// in it (the rows a previous run finished), keyed by row index.
func openJournal(path string, hdr journalHeader) (*journal, map[int]journalEntry, error) {
	done := map[int]journalEntry{}
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, nil, badInput("cannot create %s: %v", path, unwrapPathError(err))
		}
		line, _ := json.Marshal(hdr)
		if _, err := f.Write(append(line, '\n')); err != nil {
			f.Close()
			return nil, nil, err
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return nil, nil, err
		}
		return &journal{f: f, path: path}, done, nil
	case err != nil:
		return nil, nil, badInput("cannot read %s: %v", path, unwrapPathError(err))
	}

	// Keep every complete line; a torn last line (no newline, or not
	// JSON) is what a kill during its write leaves, and is cut off.
	good := 0
	first := true
	for off := 0; off < len(b); {
		nl := bytes.IndexByte(b[off:], '\n')
		if nl < 0 {
			break
		}
		line := b[off : off+nl]
		if first {
			var h journalHeader
			if json.Unmarshal(line, &h) != nil || h != hdr {
				return nil, nil, badInput("%s belongs to another run (other input, command or columns); delete it to start over, or rerun the command that made it", path)
			}
			first = false
		} else {
			var e journalEntry
			if err := json.Unmarshal(line, &e); err != nil || e.I < 0 || e.I >= hdr.Rows {
				if off+nl+1 < len(b) {
					return nil, nil, badInput("%s is damaged at byte %d (not a torn last line); delete it to start over", path, off)
				}
				break
			}
			if _, dup := done[e.I]; !dup {
				done[e.I] = e
			}
		}
		off += nl + 1
		good = off
	}
	if first {
		// Not even the header made it: start the journal afresh.
		if err := os.Remove(path); err != nil {
			return nil, nil, err
		}
		return openJournal(path, hdr)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return nil, nil, badInput("cannot write %s: %v", path, unwrapPathError(err))
	}
	if err := f.Truncate(int64(good)); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("cutting the torn end off %s: %w", path, err)
	}
	if _, err := f.Seek(int64(good), 0); err != nil {
		f.Close()
		return nil, nil, err
	}
	return &journal{f: f, path: path}, done, nil
}

// appendEntries writes entries with one write and one fsync: group commit,
// so that many concurrent answers cost one disk flush.
func (j *journal) appendEntries(es []journalEntry, buf *bytes.Buffer) error {
	buf.Reset()
	for _, e := range es {
		line, err := json.Marshal(e)
		if err != nil {
			return err
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	if _, err := j.f.Write(buf.Bytes()); err != nil {
		return err
	}
	return j.f.Sync()
}

func (j *journal) close() error { return j.f.Close() }

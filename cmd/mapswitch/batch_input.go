package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// batchInput is the input file, read whole: rows are addressed by index in
// the journal, and the file's hash ties a journal to it.
type batchInput struct {
	jsonl  bool
	header []string   // CSV header
	recs   [][]string // CSV records, header excluded
	lines  [][]byte   // JSON Lines objects
	objs   []map[string]any
	sha    string
}

func (in *batchInput) len() int {
	if in.jsonl {
		return len(in.lines)
	}
	return len(in.recs)
}

// isJSONL decides the format from the name, as .jsonl and .ndjson files
// are always JSON Lines.
func isJSONL(path, format string) (bool, error) {
	switch strings.ToLower(format) {
	case "csv":
		return false, nil
	case "jsonl", "ndjson":
		return true, nil
	case "":
		ext := strings.ToLower(filepath.Ext(path))
		return ext == ".jsonl" || ext == ".ndjson", nil
	}
	return false, badInput("--format %q: use csv or jsonl", format)
}

func readBatchInput(path string, jsonl bool) (*batchInput, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, badInput("cannot read input %s: %v", path, unwrapPathError(err))
	}
	sum := sha256.Sum256(b)
	in := &batchInput{jsonl: jsonl, sha: hex.EncodeToString(sum[:])}
	if jsonl {
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(make([]byte, 64<<10), 16<<20)
		for n := 1; sc.Scan(); n++ {
			line := bytes.TrimSpace(sc.Bytes())
			if len(line) == 0 {
				continue
			}
			var obj map[string]any
			if err := json.Unmarshal(line, &obj); err != nil {
				return nil, badInput("%s line %d is not a JSON object: %v; input must be JSON Lines, one object per line", path, n, err)
			}
			in.lines = append(in.lines, bytes.Clone(line))
			in.objs = append(in.objs, obj)
		}
		if err := sc.Err(); err != nil {
			return nil, badInput("cannot read input %s: %v", path, err)
		}
		return in, nil
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, badInput("%s is not valid CSV: %v", path, err)
	}
	if len(recs) == 0 {
		return nil, badInput("%s is empty; a CSV input needs a header row naming its columns", path)
	}
	in.header, in.recs = recs[0], recs[1:]
	return in, nil
}

// column returns the accessor of the named column (or key), or a bad-input
// error listing what there is.
func (in *batchInput) column(name, flag string) (func(i int) string, error) {
	if in.jsonl {
		for _, o := range in.objs {
			if _, ok := o[name]; ok {
				return func(i int) string { return cellString(in.objs[i][name]) }, nil
			}
		}
		return nil, badInput("%s %q: no such key in the input's objects; set %s to the key holding it", flag, name, flag)
	}
	for k, h := range in.header {
		if strings.EqualFold(strings.TrimSpace(h), name) {
			return func(i int) string {
				if k < len(in.recs[i]) {
					return in.recs[i][k]
				}
				return ""
			}, nil
		}
	}
	return nil, badInput("%s %q: no such column; the header has %s", flag, name, strings.Join(in.header, ", "))
}

// cellString renders a JSON value as the text a CSV cell would hold; a
// [lon, lat] array becomes "lon,lat".
func cellString(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = cellString(e)
		}
		return strings.Join(parts, ",")
	}
	return fmt.Sprint(v)
}

// resultColumn is one column a batch adds to each row.
type resultColumn struct {
	name   string
	number bool // written as a JSON number (or null when empty)
}

// writeRow writes input row i followed by the result values.
func (in *batchInput) writeRow(w io.Writer, cw *csv.Writer, cols []resultColumn, i int, vals []string) error {
	if !in.jsonl {
		return cw.Write(append(append([]string(nil), in.recs[i]...), vals...))
	}
	line := in.lines[i]
	inner := bytes.TrimSpace(line[1 : len(line)-1])
	var b bytes.Buffer
	b.WriteByte('{')
	b.Write(inner)
	for k, c := range cols {
		if k > 0 || len(inner) > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(c.name)
		b.Write(name)
		b.WriteByte(':')
		switch v := vals[k]; {
		case c.number && v == "":
			b.WriteString("null")
		case c.number:
			b.WriteString(v)
		default:
			s, _ := json.Marshal(v)
			b.Write(s)
		}
	}
	b.WriteString("}\n")
	_, err := w.Write(b.Bytes())
	return err
}

// writeHeader writes the CSV header (JSON Lines has none).
func (in *batchInput) writeHeader(cw *csv.Writer, cols []resultColumn) error {
	if in.jsonl {
		return nil
	}
	h := append([]string(nil), in.header...)
	for _, c := range cols {
		h = append(h, c.name)
	}
	return cw.Write(h)
}

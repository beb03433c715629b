package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestQuotesComeFromTheFastProvider(t *testing.T) {
	var out bytes.Buffer
	qs, err := run(context.Background(), &out, 8)
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range qs {
		if q.Provider != "naver" || q.ETA <= 0 || q.Meters <= 0 {
			t.Errorf("quote %d: %+v", i, q)
		}
	}
	if !strings.Contains(out.String(), "kakao route breaker: open") {
		t.Errorf("a slow kakao kept taking traffic:\n%s", out.String())
	}
}

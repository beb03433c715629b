package geo

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestProviderError(t *testing.T) {
	cause := errors.New("connection reset")
	e := &ProviderError{Provider: "kakao", Op: OpRoute, StatusCode: 400, Code: "-10", Message: "daily quota", Kind: ErrQuotaExceeded, Err: cause}
	if got, want := e.Error(), "kakao route: quota exceeded (HTTP 400, code -10): daily quota: connection reset"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	wrapped := fmt.Errorf("dispatch: %w", e)
	if !errors.Is(wrapped, ErrQuotaExceeded) || errors.Is(wrapped, ErrRateLimited) || !errors.Is(wrapped, cause) {
		t.Error("errors.Is does not follow Kind and Err")
	}
	if KindOf(wrapped) != ErrQuotaExceeded || KindOf(context.Canceled) != nil || KindOf(nil) != nil {
		t.Error("KindOf")
	}
	for _, k := range kinds {
		if KindOf(&ProviderError{Kind: k}) != k {
			t.Errorf("KindOf(%v)", k)
		}
	}
}

func TestNextMidnightKST(t *testing.T) {
	for in, want := range map[string]string{
		"2022-10-15T14:59:59Z": "2022-10-15T15:00:00Z", // 23:59:59 KST
		"2022-10-15T15:00:00Z": "2022-10-16T15:00:00Z", // exactly midnight: the next one
		"2022-10-15T00:00:00Z": "2022-10-15T15:00:00Z",
		"2022-12-31T16:00:00Z": "2023-01-01T15:00:00Z", // 01:00 KST on New Year's Day
	} {
		tin, _ := time.Parse(time.RFC3339, in)
		if got := NextMidnightKST(tin).UTC().Format(time.RFC3339); got != want {
			t.Errorf("NextMidnightKST(%s) = %s, want %s", in, got, want)
		}
	}
}

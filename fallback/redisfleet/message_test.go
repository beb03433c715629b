package redisfleet

import (
	"errors"
	"testing"
	"time"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
)

func TestMessageRoundTrip(t *testing.T) {
	now := time.Now()
	d := fallback.Decision{Action: fallback.ActionOpen, Provider: "kakao", Op: geo.OpRoute, Until: now.Add(3 * time.Second),
		Reason: "quota exceeded", Kind: geo.ErrQuotaExceeded, Origin: "c1"}
	m, err := decode(encode(d, "host-1", now))
	if err != nil {
		t.Fatal(err)
	}
	got := m.decision(now, 0)
	if got.Action != d.Action || got.Provider != "kakao" || got.Op != geo.OpRoute || got.Kind != geo.ErrQuotaExceeded ||
		got.Origin != "c1" || got.Until.Sub(d.Until).Abs() > time.Millisecond {
		t.Errorf("round trip: %+v", got)
	}
	if got := m.decision(now, time.Second); got.Until.Sub(now) != time.Second {
		t.Errorf("the key's remaining time should cap the opening: %v", got.Until.Sub(now))
	}
}

func TestMessageRejected(t *testing.T) {
	for _, in := range []string{
		``, `null`, `[]`, `{}`, `not json`,
		`{"v":2,"action":"open","provider":"kakao","for_ms":10}`,
		`{"v":1,"action":"explode","provider":"kakao"}`,
		`{"v":1,"action":"open","provider":"kakao"}`,
		`{"v":1,"action":"open","provider":"kakao","for_ms":-5}`,
		`{"v":1,"action":"open","provider":"kakao","for_ms":999999999999}`,
		`{"v":1,"action":"close","provider":"kakao","for_ms":10}`,
		`{"v":1,"action":"open","provider":"","for_ms":10}`,
		`{"v":1,"action":"open","provider":"kakao","op":"teleport","for_ms":10}`,
		`{"v":1,"action":"open","provider":"kakao","kind":"bogus","for_ms":10}`,
		`{"v":1,"action":"open","provider":"ka\u0000kao","for_ms":10}`,
		`{"v":1,"action":"open","provider":"kakao","for_ms":10,"extra":true}`,
		`{"v":1,"action":"open","provider":"kakao","for_ms":10}{}`,
	} {
		if _, err := decode([]byte(in)); !errors.Is(err, ErrMalformed) {
			t.Errorf("%q accepted (err %v)", in, err)
		}
	}
}

// FuzzDecode: no input makes decode panic, and whatever it accepts is a
// decision a Client can apply, which encodes back to an accepted message.
func FuzzDecode(f *testing.F) {
	now := time.Now()
	f.Add(encode(fallback.Decision{Action: fallback.ActionOpen, Provider: "kakao", Until: now.Add(time.Second), Reason: "r"}, "i", now))
	f.Add(encode(fallback.Decision{Action: fallback.ActionPrefer, Provider: "naver"}, "i", now))
	f.Add([]byte(`{"v":1,"action":"close","provider":"osm","op":"route"}`))
	f.Add([]byte(`{"v":1,"action":"open","provider":"x","for_ms":1,"kind":"quota_exceeded"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := decode(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error not ErrMalformed: %v", err)
			}
			return
		}
		d := m.decision(now, 0)
		if d.Action == fallback.ActionOpen && (!d.Until.After(now) || d.Until.Sub(now) > maxFor) {
			t.Fatalf("accepted an opening until %v", d.Until)
		}
		if _, err := decode(encode(d, m.Instance, now)); err != nil && d.Origin == m.Origin {
			t.Fatalf("re-encoding %+v: %v", d, err)
		}
	})
}

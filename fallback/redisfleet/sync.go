package redisfleet

import (
	"context"
	"errors"
	"net"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mapswitch/mapswitch/fallback"
)

// subscriber receives the fleet's decisions. go-redis reconnects and
// resubscribes by itself; every (re)subscription triggers a resync, since
// messages sent meanwhile are lost.
func (f *Fleet) subscriber() {
	defer f.wg.Done()
	ps := f.rdb.Subscribe(f.ctx, f.ch)
	defer ps.Close()
	for {
		msg, err := ps.ReceiveTimeout(f.ctx, f.o.resync)
		if f.ctx.Err() != nil {
			return
		}
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue // quiet channel
			}
			f.unreachable(err)
			select {
			case <-f.ctx.Done():
				return
			case <-time.After(min(f.o.resync, 200*time.Millisecond)):
			}
			continue
		}
		switch m := msg.(type) {
		case *redis.Subscription:
			f.requestResync()
		case *redis.Message:
			f.onMessage([]byte(m.Payload), 0)
		}
	}
}

// onMessage applies one message; anything that fails to decode or check
// is counted and dropped.
func (f *Fleet) onMessage(b []byte, remaining time.Duration) {
	m, err := decode(b)
	if err != nil {
		f.malformed.Add(1)
		if f.o.logger != nil {
			f.o.logger.Debug("redisfleet: message ignored", "err", err)
		}
		return
	}
	f.deliver(m.decision(time.Now(), remaining))
}

func (f *Fleet) requestResync() {
	select {
	case f.resync <- struct{}{}:
	default:
	}
}

// syncer checks Redis's health and re-reads the shared state every
// resync interval, and whenever asked.
func (f *Fleet) syncer() {
	defer f.wg.Done()
	t := time.NewTicker(f.o.resync)
	defer t.Stop()
	for {
		select {
		case <-f.ctx.Done():
			return
		case <-t.C:
		case <-f.resync:
		}
		f.sync()
	}
}

// sync pings Redis and, when it answers, adopts the openings and overrides
// in force and reads the usage counters.
func (f *Fleet) sync() {
	limit := max(f.o.resync/2, 50*time.Millisecond)
	ctx, cancel := context.WithTimeout(f.ctx, limit)
	defer cancel()
	// go-redis honours a context's deadline on the socket only with
	// ContextTimeoutEnabled, which is the caller's choice: time the ping
	// here.
	ping := make(chan error, 1)
	go func() { ping <- f.rdb.Ping(ctx).Err() }()
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case err := <-ping:
		if err != nil {
			f.health(err)
			return
		}
	case <-t.C:
		f.health(context.DeadlineExceeded)
		return
	}
	f.health(nil)

	f.mu.Lock()
	var keys []bkey
	for p, ops := range f.ops {
		for _, op := range ops {
			keys = append(keys, bkey{p, op})
		}
	}
	var names []string
	for n := range f.counted {
		names = append(names, n)
	}
	f.mu.Unlock()

	day := f.day(time.Now())
	pipe := f.rdb.Pipeline()
	gets := make([]*redis.StringCmd, len(keys))
	ttls := make([]*redis.DurationCmd, len(keys))
	for i, k := range keys {
		gets[i] = pipe.Get(ctx, f.key("open", k.provider, k.op))
		ttls[i] = pipe.PTTL(ctx, f.key("open", k.provider, k.op))
	}
	providers := map[string]*redis.IntCmd{}
	for _, k := range keys {
		if providers[k.provider] == nil {
			providers[k.provider] = pipe.Exists(ctx, f.disabledKey(k.provider))
		}
	}
	pref := pipe.Get(ctx, f.preferKey())
	usage := make([]*redis.StringCmd, len(names))
	for i, n := range names {
		usage[i] = pipe.Get(ctx, f.usageKey(n, day))
	}
	cmds, err := pipe.Exec(ctx)
	if err != nil && !allNil(cmds) {
		f.unreachable(err)
		return
	}

	calls := map[string]int64{}
	for i, n := range names {
		v, _ := usage[i].Int64()
		calls[n] = v
	}
	f.mu.Lock()
	f.calls, f.callsDay = calls, day
	var changes []fallback.Decision
	for p, cmd := range providers {
		on := cmd.Val() == 1
		if on != f.disabled[p] {
			a := fallback.ActionEnable
			if on {
				a = fallback.ActionDisable
			}
			changes = append(changes, fallback.Decision{Action: a, Provider: p, Reason: "resynchronised"})
		}
	}
	if p := pref.Val(); p != "" && p != f.prefer {
		changes = append(changes, fallback.Decision{Action: fallback.ActionPrefer, Provider: p, Reason: "resynchronised"})
	}
	f.mu.Unlock()

	for _, d := range changes {
		f.deliver(d)
	}
	for i := range keys {
		b, err := gets[i].Bytes()
		if err != nil {
			continue
		}
		if left := ttls[i].Val(); left > 0 {
			f.onMessage(b, left)
		}
	}
}

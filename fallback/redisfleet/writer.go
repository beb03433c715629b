package redisfleet

import (
	"context"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
)

type jobKind int

const (
	jobEvidence jobKind = iota
	jobPublish
	jobRelease
	jobUsage
	jobCachePut
)

// job is one piece of work for the writer: nothing on a request's path
// waits for it.
type job struct {
	kind jobKind
	ev   fallback.Evidence
	d    fallback.Decision
	key  string // lease or cache key; usage counter name
	val  []byte
	keep time.Duration
	n    int64
}

// maxPending bounds the publications kept for retry while Redis is
// unreachable.
const maxPending = 256

// writer sends queued jobs to Redis, a batch per pipeline: evidence added
// up per breaker, publications retried until Redis takes them.
//
// Successes, usage counts and cache writes wait up to the flush interval
// to share a pipeline. A failure or a publication does not wait: the
// fleet-wide opening it may complete is what the other instances are
// waiting for, and every millisecond of delay is more of the fleet's
// requests sent to a dead provider (at 40 requests a second across the
// fleet, a 5 ms flush costs a fifth of a request per failure). What is
// already queued goes along with it.
func (f *Fleet) writer() {
	defer f.wg.Done()
	var pending []job
	for {
		var batch []job
		select {
		case <-f.ctx.Done():
			f.drain(pending)
			return
		case j := <-f.jobs:
			batch = append(batch, j)
		case <-time.After(f.o.resync):
			if len(pending) == 0 {
				continue
			}
		}
		batch = f.gather(batch)
		pending = f.send(f.ctx, append(pending, batch...))
	}
}

// maxBatch bounds the jobs of one pipeline.
const maxBatch = 2048

// gather adds queued jobs to batch: for up to the flush interval, or only
// those already queued once an urgent job is in the batch.
func (f *Fleet) gather(batch []job) []job {
	urgent := false
	for _, j := range batch {
		urgent = urgent || j.urgent()
	}
	var t *time.Timer
	if !urgent {
		t = time.NewTimer(f.o.flush)
		defer t.Stop()
	}
	for len(batch) < maxBatch {
		if urgent {
			select {
			case j := <-f.jobs:
				batch = append(batch, j)
				continue
			default:
				return batch
			}
		}
		select {
		case j := <-f.jobs:
			batch = append(batch, j)
			urgent = j.urgent()
		case <-t.C:
			return batch
		}
	}
	return batch
}

// urgent reports whether j should reach Redis without waiting for a
// batch: a failure, which may complete a fleet-wide opening, or a
// decision the other instances must adopt.
func (j job) urgent() bool {
	return (j.kind == jobEvidence && j.ev.Failed) || j.kind == jobPublish
}

// drain sends what is left at Close, for at most a second.
func (f *Fleet) drain(pending []job) {
	for {
		select {
		case j := <-f.jobs:
			pending = append(pending, j)
			continue
		default:
		}
		break
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	f.send(ctx, pending)
}

// tally is one breaker's evidence in a batch.
type tally struct {
	ok, failed, trailing int64
}

// send writes a batch in one pipeline and returns the publications to
// retry.
func (f *Fleet) send(ctx context.Context, batch []job) []job {
	if len(batch) == 0 {
		return nil
	}
	tallies := map[bkey]*tally{}
	var order []bkey
	usage := map[string]int64{}
	var keep []job
	now := time.Now()
	for _, j := range batch {
		switch j.kind {
		case jobEvidence:
			k := bkey{j.ev.Provider, j.ev.Op}
			t := tallies[k]
			if t == nil {
				t = &tally{}
				tallies[k] = t
				order = append(order, k)
			}
			if j.ev.Failed {
				t.failed++
				t.trailing++
			} else {
				t.ok++
				t.trailing = 0
			}
		case jobUsage:
			usage[j.key] += j.n
		case jobPublish:
			if j.d.Action == fallback.ActionOpen && !j.d.Until.After(now) {
				continue // over before it could be told
			}
			keep = append(keep, j)
		default:
			keep = append(keep, j)
		}
	}
	run := func() ([]redis.Cmder, error) {
		pipe := f.rdb.Pipeline()
		f.mu.Lock()
		for _, k := range order {
			t, p := tallies[k], f.policies[k]
			var ratio float64 = p.FailureRatio
			evidenceScript.EvalSha(ctx, pipe, []string{f.key("ev", k.provider, k.op), f.key("consec", k.provider, k.op), f.key("open", k.provider, k.op)},
				t.ok, t.failed, t.trailing, p.Window.Milliseconds(), max(p.Buckets, 1), p.MinRequests, ratio,
				p.ConsecutiveFailures, p.OpenFor.Milliseconds(), f.ch, k.provider, string(k.op))
		}
		f.mu.Unlock()
		day := f.day(now)
		for name, n := range usage {
			key := f.usageKey(name, day)
			pipe.IncrBy(ctx, key, n)
			pipe.Expire(ctx, key, 72*time.Hour)
		}
		for _, j := range keep {
			f.queue(ctx, pipe, j, now)
		}
		return pipe.Exec(ctx)
	}
	cmds, err := run()
	if err != nil && noScript(cmds) {
		f.loadScripts(ctx)
		cmds, err = run()
	}
	if err == nil || allNil(cmds) {
		return nil
	}
	f.unreachable(err)
	// Evidence and counts are of the moment: only publications wait.
	var retry []job
	for _, j := range keep {
		if j.kind == jobPublish && len(retry) < maxPending {
			retry = append(retry, j)
		}
	}
	return retry
}

// queue adds one publication, lease release or cache write to pipe.
func (f *Fleet) queue(ctx context.Context, pipe redis.Pipeliner, j job, now time.Time) {
	switch j.kind {
	case jobRelease:
		releaseScript.EvalSha(ctx, pipe, []string{j.key}, f.o.id)
	case jobCachePut:
		pipe.Set(ctx, j.key, j.val, j.keep)
	case jobPublish:
		d := j.d
		msg := encode(d, f.o.id, now)
		switch d.Action {
		case fallback.ActionOpen:
			openScript.EvalSha(ctx, pipe, f.openKeys(d.Provider, d.Op), msg, d.Until.Sub(now).Milliseconds(), f.ch)
		case fallback.ActionClose:
			closeScript.EvalSha(ctx, pipe, f.openKeys(d.Provider, d.Op), msg, f.ch)
		default:
			overrideScript.EvalSha(ctx, pipe, []string{f.disabledKey(d.Provider), f.preferKey()}, msg, f.ch, string(d.Action), d.Provider)
		}
	}
}

// openKeys are the opening keys of provider's op, or of all its
// operations when op is "".
func (f *Fleet) openKeys(provider string, op geo.Op) []string {
	if op != "" {
		return []string{f.key("open", provider, op)}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var keys []string
	for _, o := range f.ops[provider] {
		keys = append(keys, f.key("open", provider, o))
	}
	return keys
}

// loadScripts (re)loads the scripts, which a restarted Redis has forgotten.
func (f *Fleet) loadScripts(ctx context.Context) {
	for _, s := range []*redis.Script{evidenceScript, openScript, closeScript, overrideScript, releaseScript, bucketScript} {
		s.Load(ctx, f.rdb)
	}
}

// noScript reports whether a pipeline failed because Redis lacked a script.
func noScript(cmds []redis.Cmder) bool {
	for _, c := range cmds {
		if err := c.Err(); err != nil && strings.HasPrefix(err.Error(), "NOSCRIPT") {
			return true
		}
	}
	return false
}

// allNil reports whether the only errors in a pipeline are redis.Nil
// (missing keys), which are answers.
func allNil(cmds []redis.Cmder) bool {
	if len(cmds) == 0 {
		return false
	}
	for _, c := range cmds {
		if err := c.Err(); err != nil && err != redis.Nil {
			return false
		}
	}
	return true
}

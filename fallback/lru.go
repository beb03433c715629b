package fallback

import (
	"container/list"
	"context"
	"sync"
	"time"
)

// LRU is the in-process CacheStore behind WithCache: up to a fixed number
// of entries, the least recently used evicted first, each dropped once
// older than the keep given to Put. Safe for concurrent use; Get and Put
// never block on anything but its own mutex.
type LRU struct {
	mu  sync.Mutex
	max int
	ll  *list.List // front = most recent
	m   map[string]*list.Element
	now func() time.Time
}

type lruEntry struct {
	key   string
	e     CacheEntry
	until time.Time
}

// NewLRU returns an LRU of at most entries entries (at least 1).
func NewLRU(entries int) *LRU { return newLRU(entries, time.Now) }

func newLRU(entries int, now func() time.Time) *LRU {
	return &LRU{max: max(entries, 1), ll: list.New(), m: map[string]*list.Element{}, now: now}
}

// Get implements CacheStore.
func (c *LRU) Get(_ context.Context, k CacheKey) (CacheEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.m[k.Key]
	if !ok {
		return CacheEntry{}, false
	}
	e := el.Value.(*lruEntry)
	if c.now().After(e.until) {
		c.ll.Remove(el)
		delete(c.m, k.Key)
		return CacheEntry{}, false
	}
	c.ll.MoveToFront(el)
	return e.e, true
}

// Put implements CacheStore.
func (c *LRU) Put(_ context.Context, k CacheKey, e CacheEntry, keep time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v := &lruEntry{k.Key, e, e.At.Add(keep)}
	if el, ok := c.m[k.Key]; ok {
		el.Value = v
		c.ll.MoveToFront(el)
		return
	}
	c.m[k.Key] = c.ll.PushFront(v)
	for c.ll.Len() > c.max {
		last := c.ll.Back()
		c.ll.Remove(last)
		delete(c.m, last.Value.(*lruEntry).key)
	}
}

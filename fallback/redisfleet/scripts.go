package redisfleet

import "github.com/redis/go-redis/v9"

// evidenceScript adds a batch of outcomes of one (provider, operation) to
// the fleet-wide rolling window, tests the policy's thresholds and, when
// they are crossed and no opening is in force, publishes the opening: one
// atomic step, so that two instances never open twice.
//
// KEYS: window hash, consecutive-failure counter, opening key.
// ARGV: successes, failures, failures since the batch's last success,
// window ms, buckets, min requests, failure ratio, consecutive failures (0
// off), open-for ms, channel, provider, operation.
var evidenceScript = redis.NewScript(`
local s, f, tr = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local win, nb = tonumber(ARGV[4]), tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = math.floor(now / math.max(1, math.floor(win / nb)))
if s > 0 then redis.call('HINCRBY', KEYS[1], b .. ':s', s) end
if f > 0 then redis.call('HINCRBY', KEYS[1], b .. ':f', f) end
redis.call('PEXPIRE', KEYS[1], win * 2)
local c
if s > 0 then
  c = tr
  redis.call('SET', KEYS[2], c, 'PX', win)
else
  c = redis.call('INCRBY', KEYS[2], f)
  redis.call('PEXPIRE', KEYS[2], win)
end
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
local all = redis.call('HGETALL', KEYS[1])
local req, fail = 0, 0
for i = 1, #all, 2 do
  local name = all[i]
  local sep = string.find(name, ':', 1, true)
  local bi = tonumber(string.sub(name, 1, sep - 1))
  if bi <= b - nb then
    redis.call('HDEL', KEYS[1], name)
  else
    local n = tonumber(all[i + 1])
    req = req + n
    if string.sub(name, sep + 1) == 'f' then fail = fail + n end
  end
end
local cf = tonumber(ARGV[8])
local why
if cf > 0 and c >= cf then
  why = 'fleet-wide: ' .. c .. ' consecutive failures'
elseif req >= tonumber(ARGV[6]) and fail >= tonumber(ARGV[7]) * req then
  why = 'fleet-wide: ' .. fail .. ' of ' .. req .. ' calls failed'
end
if not why then return 0 end
local msg = cjson.encode({v = 1, action = 'open', provider = ARGV[11], op = ARGV[12], for_ms = tonumber(ARGV[9]), reason = why})
redis.call('SET', KEYS[3], msg, 'PX', ARGV[9])
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('PUBLISH', ARGV[10], msg)
return 1
`)

// openScript records an opening (a key that expires with it, read by
// instances that start or reconnect later) and announces it.
// KEYS: opening keys. ARGV: message, ms, channel.
var openScript = redis.NewScript(`
for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2]) end
redis.call('PUBLISH', ARGV[3], ARGV[1])
return 1
`)

// closeScript ends openings and announces it. KEYS: opening keys. ARGV:
// message, channel.
var closeScript = redis.NewScript(`
for i = 1, #KEYS do redis.call('DEL', KEYS[i]) end
redis.call('PUBLISH', ARGV[2], ARGV[1])
return 1
`)

// overrideScript records an operator's Disable, Enable or Prefer and
// announces it. KEYS: the provider's disabled key, the namespace's
// preferred key. ARGV: message, channel, action, provider.
var overrideScript = redis.NewScript(`
if ARGV[3] == 'disable' then redis.call('SET', KEYS[1], '1')
elseif ARGV[3] == 'enable' then redis.call('DEL', KEYS[1])
elseif ARGV[3] == 'prefer' then redis.call('SET', KEYS[2], ARGV[4]) end
redis.call('PUBLISH', ARGV[2], ARGV[1])
return 1
`)

// releaseScript returns a probe lease if this instance still holds it.
// KEYS: lease key. ARGV: holder.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`)

// bucketScript takes one token from a fleet-wide bucket, refilled at
// rate a second up to burst. When none is left it reserves the next one
// if that comes within max wait, letting the bucket go into debt, and
// returns the wait in ms; -1 when it would come later (nothing taken).
// KEYS: bucket. ARGV: rate, burst, max wait ms.
var bucketScript = redis.NewScript(`
local rate, burst, maxwait = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local v = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens, ts = tonumber(v[1]), tonumber(v[2])
if tokens == nil or ts == nil then tokens, ts = burst, now end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000)
local wait = 0
if tokens < 1 then wait = (1 - tokens) * 1000 / rate end
if wait > maxwait then return -1 end
redis.call('HSET', KEYS[1], 't', tostring(tokens - 1), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate + maxwait) + 1000)
return math.ceil(wait)
`)

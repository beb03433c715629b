// Package redistest starts a real redis-server for a test: on a free
// loopback port, with a temporary directory and no persistence, killed
// (SIGKILL) when the test ends. Tests that share state through Redis
// (fallback/redisfleet, examples/fleet) use it rather than a fake, since
// what they test is how a fleet behaves against the real thing: its Lua,
// its pub/sub, its going away.
//
// Without the redis-server binary a test is skipped loudly, except under
// CI (env CI set), where it fails: .ci/run installs the Debian package
// redis-server, and a skipped fleet test must never count as a pass there.
package redistest

// Package oracletest finds the external reference tools (GeodSolve, cs2cs)
// that accuracy tests compare against.
package oracletest

import (
	"os"
	"os/exec"
	"testing"
)

// Tool returns the path of an oracle tool. When it is missing the test
// fails on CI (env CI set: .ci/run must install the Debian package) and is
// skipped loudly elsewhere, so a skipped oracle never counts as a pass on CI.
func Tool(t testing.TB, name, debianPackage string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s not found on CI: .ci/run must install Debian package %s", name, debianPackage)
	}
	t.Skipf("SKIPPED: %s not installed (apt-get install %s); this oracle test did not run", name, debianPackage)
	return ""
}

package config

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mapswitch/mapswitch/geo"
)

const sentinel = "SENTINEL-KEY-7f3a9c-not-real"

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func names(c *Config) string {
	var out []string
	for _, p := range c.Providers {
		out = append(out, p.Name)
	}
	return strings.Join(out, ",")
}

func TestMissingCredentialsAreNotices(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // no default file
	c, err := Load(Flags{}, env(map[string]string{"KAKAO_REST_KEY": sentinel, "TMAP_APP_KEY": sentinel}))
	if err != nil {
		t.Fatal(err)
	}
	// TMAP_APP_KEY adds TMAP to the default chain, after NAVER.
	if got := names(c); got != "kakao,tmap,estimate" {
		t.Errorf("chain %q, want kakao,tmap,estimate", got)
	}
	joined := strings.Join(c.Notices, "\n")
	for _, want := range []string{"naver: no client ID", "osm: no User-Agent"} {
		if !strings.Contains(joined, want) {
			t.Errorf("notices lack %q:\n%s", want, joined)
		}
	}
	if len(c.Notices) != 2 {
		t.Errorf("want 2 one-line notices, got %q", c.Notices)
	}
}

func TestTMAP(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	// Without its key TMAP stays out of the default chain, silently.
	c, err := Load(Flags{}, env(map[string]string{"KAKAO_REST_KEY": sentinel}))
	if err != nil || names(c) != "kakao,estimate" || strings.Contains(strings.Join(c.Notices, ""), "tmap") {
		t.Errorf("chain %q, notices %q, %v", names(c), c.Notices, err)
	}
	// Named without its key, it is left out with the usual notice.
	c, err = Load(Flags{Providers: []string{"tmap", "estimate"}}, env(nil))
	if err != nil || names(c) != "estimate" || len(c.LeftOut) != 1 || !strings.Contains(c.LeftOut[0].Reason, "TMAP_APP_KEY") {
		t.Errorf("chain %q, left out %+v, %v", names(c), c.LeftOut, err)
	}
	// With the key and a base URL it is built, named, and the key never prints.
	c, err = Load(Flags{Providers: []string{"naver", "tmap"}}, env(map[string]string{"TMAP_APP_KEY": sentinel,
		"MAPSWITCH_TMAP_BASE_URL": "http://127.0.0.1:9"}))
	if err != nil || names(c) != "tmap" {
		t.Fatalf("chain %q, %v", names(c), err)
	}
	gp, err := c.Providers[0].Build()
	if err != nil || gp.Name() != "tmap" {
		t.Fatalf("%v %v", gp, err)
	}
	if s := fmt.Sprintf("%+v %#v", c.Providers, c); strings.Contains(s, sentinel) {
		t.Error("the key printed")
	}
}

func TestPrecedenceFlagsFileEnv(t *testing.T) {
	path := writeFile(t, `
providers = ["naver", "kakao"]
attempt_timeout = "900ms"
hedge = "120ms"

[provider.kakao]
base_url = "http://file.example"

[[policy]]
provider = "kakao"
op = "route"
open_for = "30s"
failure_ratio = 0.75
`)
	e := env(map[string]string{
		"KAKAO_REST_KEY": sentinel, "NCP_CLIENT_ID": "id", "NCP_CLIENT_SECRET": sentinel,
		"MAPSWITCH_KAKAO_BASE_URL": "http://env.example", "MAPSWITCH_KAKAO_MOBILITY_BASE_URL": "http://mob.example",
	})
	c, err := Load(Flags{ConfigFile: path, Hedge: 50 * time.Millisecond}, e)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(c); got != "naver,kakao" {
		t.Errorf("file chain: got %q", got)
	}
	k := c.Providers[1]
	if k.BaseURL != "http://file.example" || k.MobilityBaseURL != "http://mob.example" || k.Key.Reveal() != sentinel {
		t.Errorf("kakao %+v: file should win over env, env fill the rest", k)
	}
	if c.AttemptTimeout != 900*time.Millisecond || c.Hedge != 50*time.Millisecond {
		t.Errorf("timeouts %v %v: flag should win over file", c.AttemptTimeout, c.Hedge)
	}
	if len(c.Policies) != 1 || c.Policies[0].Op != geo.OpRoute || c.Policies[0].Policy.OpenFor != 30*time.Second ||
		c.Policies[0].Policy.FailureRatio != 0.75 || c.Policies[0].Policy.Probes != 2 {
		t.Errorf("policy %+v", c.Policies)
	}
	c, err = Load(Flags{ConfigFile: path, Providers: []string{"kakao"}}, e)
	if err != nil || names(c) != "kakao" {
		t.Fatalf("--providers should win over the file: %v %v", names(c), err)
	}
	if _, _, err := c.Chain(); err != nil {
		t.Fatal(err)
	}
}

func TestTwoInstancesOfOneType(t *testing.T) {
	path := writeFile(t, `
providers = ["kakao", "kakao-backup", "estimate"]
[provider.kakao-backup]
type = "kakao"
key = "`+sentinel+`-2"
`)
	c, err := Load(Flags{ConfigFile: path}, env(map[string]string{"KAKAO_REST_KEY": sentinel}))
	if err != nil {
		t.Fatal(err)
	}
	if got := names(c); got != "kakao,kakao-backup,estimate" {
		t.Fatalf("chain %q", got)
	}
	if b := c.Providers[1]; b.Type != TypeKakao || b.Key.Reveal() != sentinel+"-2" {
		t.Errorf("backup instance %+v", b)
	}
	_, ps, err := c.Chain()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 3 || ps[0].Name() != "kakao" || ps[1].Name() != "kakao-backup" || ps[2].Name() != "estimate" {
		t.Errorf("built chain %v", ps)
	}
}

func TestErrors(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	for _, tc := range []struct {
		name  string
		flags Flags
		file  string
		want  string
	}{
		{"unknown provider", Flags{Providers: []string{"kakao", "goggle"}}, "", `unknown provider "goggle"`},
		{"twice", Flags{Providers: []string{"osm", "osm"}}, "", "listed twice"},
		{"empty chain", Flags{Providers: []string{"naver"}}, "", "no usable provider"},
		{"missing named file", Flags{ConfigFile: "/nonexistent/mapswitch.toml"}, "", "no such file"},
		{"typo key", Flags{}, `hegde = "1s"`, "unknown key hegde"},
		{"bad duration", Flags{}, `hedge = "fast"`, "hedge"},
		{"syntax, key hidden", Flags{}, "[provider.kakao]\nkey = \"" + sentinel + "\n", "syntax error at line"},
		{"bad op", Flags{}, "[[policy]]\nop = \"fly\"", `op "fly"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.flags
			if tc.file != "" {
				f.ConfigFile = writeFile(t, tc.file)
			}
			_, err := Load(f, env(map[string]string{"KAKAO_REST_KEY": sentinel}))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
			if strings.Contains(err.Error(), sentinel) {
				t.Fatalf("error leaks the key: %v", err)
			}
		})
	}
}

func TestSecretNeverPrints(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	c, err := Load(Flags{}, env(map[string]string{"KAKAO_REST_KEY": sentinel, "NCP_CLIENT_ID": sentinel, "NCP_CLIENT_SECRET": sentinel}))
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(c)
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%v %+v %#v %s %q", *c, *c, *c, c.Providers, c.Providers), string(js), strings.Join(c.Notices, "")} {
		if strings.Contains(s, sentinel) {
			t.Fatalf("key printed: %s", s)
		}
	}
	if c.Providers[0].Key.Reveal() != sentinel {
		t.Fatal("Reveal lost the key")
	}
}

func TestFleetFromEnvAndFile(t *testing.T) {
	env := map[string]string{"KAKAO_REST_KEY": "FAKE-KEY"}
	get := func(k string) string { return env[k] }
	c, err := Load(Flags{Providers: []string{"kakao"}}, get)
	if err != nil {
		t.Fatal(err)
	}
	if f, err := c.OpenFleet(); f != nil || err != nil {
		t.Errorf("no Redis configured: %v %v", f, err)
	}
	env["MAPSWITCH_REDIS_URL"] = "redis://:SENTINEL-PASSWORD@127.0.0.1:1/0"
	env["MAPSWITCH_FLEET_SIZE"] = "4"
	c, err = Load(Flags{Providers: []string{"kakao"}}, get)
	if err != nil {
		t.Fatal(err)
	}
	if c.Fleet.Namespace != "mapswitch" || c.Fleet.Size != 4 || strings.Contains(fmt.Sprint(c.Fleet), "SENTINEL") {
		t.Errorf("fleet %+v", c.Fleet)
	}
	f, err := c.OpenFleet() // nothing listens there: the fleet starts anyway, on local state
	if err != nil || f == nil {
		t.Fatalf("%v %v", f, err)
	}
	f.Close()
	env["MAPSWITCH_REDIS_URL"] = "http://SENTINEL-PASSWORD@nowhere"
	c, _ = Load(Flags{Providers: []string{"kakao"}}, get)
	if _, err := c.OpenFleet(); err == nil || strings.Contains(err.Error(), "SENTINEL") {
		t.Errorf("bad URL: %v", err)
	}
	env["MAPSWITCH_FLEET_SIZE"] = "zero"
	if _, err := Load(Flags{Providers: []string{"kakao"}}, get); err == nil {
		t.Error("a bad fleet size was accepted")
	}
}

package main

import (
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/mapswitch/mapswitch/internal/outage"
)

func (a *app) demoCommand() *cobra.Command {
	cfg := outage.Config{}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Replay the October 2022 Kakao outage offline",
		Long: `Replay 15 October 2022 on loopback, with no keys and no network: a delivery
platform's geocode, reverse, route and matrix requests run through the
failover chain kakao → naver → tmap → osm → estimate over simulated providers
while Kakao's simulator turns into a black hole (the Pangyo data-centre fire),
NAVER throttles under the shifted load, TMAP's daily quota runs out, and Kakao
comes back. A live line per second
goes to stderr; the report (success rate, who answered in each phase, latency,
how fast traffic switched away and back) goes to stdout.

Exit code: 0 when no request failed, 3 otherwise.`,
		Example: `  mapswitch demo
  mapswitch demo --duration 10s --rate 20 --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cfg.Duration < 3*time.Second || cfg.Rate < 1 || cfg.Rate > 2000 {
				return badInput("--duration must be at least 3s and --rate within 1..2000")
			}
			var live io.Writer = a.stderr
			if a.jsonOut {
				live = io.Discard
			}
			rep, err := outage.Run(cmd.Context(), cfg, live, isTerminal(a.stderr))
			if err != nil {
				return err
			}
			if a.jsonOut || a.geojson {
				if err := emitJSON(a.stdout, rep); err != nil {
					return err
				}
			} else {
				rep.Print(a.stdout)
			}
			if rep.Failed > 0 {
				return silentExit(exitFailed)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.DurationVar(&cfg.Duration, "duration", 20*time.Second, "length of the replayed day")
	f.IntVar(&cfg.Rate, "rate", 40, "requests per second")
	f.Uint64Var(&cfg.Seed, "seed", 1, "seed of the request mix")
	return cmd
}

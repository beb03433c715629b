package main

import "github.com/spf13/cobra"

func (a *app) batchCommand() *cobra.Command {
	return &cobra.Command{Use: "batch", Short: "Bulk geocode, reverse or route a file, resumably"}
}

package naver

import (
	"strconv"

	"github.com/mapswitch/mapswitch/internal/httpx"
)

type geocodeResp struct {
	Status string `json:"status"`
	Meta   struct {
		TotalCount int `json:"totalCount"`
	} `json:"meta"`
	Addresses []struct {
		RoadAddress     string `json:"roadAddress"`
		JibunAddress    string `json:"jibunAddress"`
		EnglishAddress  string `json:"englishAddress"`
		AddressElements []struct {
			Types     []string `json:"types"`
			LongName  string   `json:"longName"`
			ShortName string   `json:"shortName"`
			Code      string   `json:"code"`
		} `json:"addressElements"`
		X        httpx.Number `json:"x"`
		Y        httpx.Number `json:"y"`
		Distance httpx.Number `json:"distance"`
	} `json:"addresses"`
	ErrorMessage string `json:"errorMessage"`
}

type area struct {
	Name  string `json:"name"`
	Alias string `json:"alias"`
}

type addition struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

type reverseResp struct {
	Status struct {
		Code    int    `json:"code"`
		Name    string `json:"name"`
		Message string `json:"message"`
	} `json:"status"`
	Results []struct {
		Name string `json:"name"` // legalcode, admcode, addr, roadaddr
		Code struct {
			ID   string `json:"id"`
			Type string `json:"type"`
		} `json:"code"`
		Region struct {
			Area1 area `json:"area1"`
			Area2 area `json:"area2"`
			Area3 area `json:"area3"`
			Area4 area `json:"area4"`
		} `json:"region"`
		Land *struct {
			Type      string   `json:"type"`
			Number1   string   `json:"number1"`
			Number2   string   `json:"number2"`
			Name      string   `json:"name"`
			Addition0 addition `json:"addition0"`
			Addition1 addition `json:"addition1"`
			Addition2 addition `json:"addition2"`
			Addition3 addition `json:"addition3"`
			Addition4 addition `json:"addition4"`
		} `json:"land"`
	} `json:"results"`
}

type directionsResp struct {
	Code    int                        `json:"code"`
	Message string                     `json:"message"`
	Route   map[string][]directionsRte `json:"route"`
}

type directionsRte struct {
	Summary struct {
		Distance  httpx.Number `json:"distance"`
		Duration  httpx.Number `json:"duration"` // milliseconds
		TollFare  httpx.Number `json:"tollFare"`
		TaxiFare  httpx.Number `json:"taxiFare"`
		FuelPrice httpx.Number `json:"fuelPrice"`
		Waypoints []struct {
			Distance httpx.Number `json:"distance"`
			Duration httpx.Number `json:"duration"`
		} `json:"waypoints"`
	} `json:"summary"`
	Path [][]float64 `json:"path"`
}

func itoa(n int) string { return strconv.Itoa(n) }

package kakao

import "github.com/mapswitch/mapswitch/internal/httpx"

// localAddress is the jibun part of an address-search or coord2address
// document; every field may be absent.
type localAddress struct {
	AddressName string       `json:"address_name"`
	Region1     string       `json:"region_1depth_name"`
	Region2     string       `json:"region_2depth_name"`
	Region3     string       `json:"region_3depth_name"`
	Region3H    string       `json:"region_3depth_h_name"`
	HCode       string       `json:"h_code"`
	BCode       string       `json:"b_code"`
	MountainYN  string       `json:"mountain_yn"`
	MainNo      string       `json:"main_address_no"`
	SubNo       string       `json:"sub_address_no"`
	X           httpx.Number `json:"x"`
	Y           httpx.Number `json:"y"`
}

// roadAddress is the road-name part; null for region-only matches.
type roadAddress struct {
	AddressName   string       `json:"address_name"`
	Region1       string       `json:"region_1depth_name"`
	Region2       string       `json:"region_2depth_name"`
	Region3       string       `json:"region_3depth_name"`
	RoadName      string       `json:"road_name"`
	UndergroundYN string       `json:"underground_yn"`
	MainBuilding  string       `json:"main_building_no"`
	SubBuilding   string       `json:"sub_building_no"`
	BuildingName  string       `json:"building_name"`
	ZoneNo        string       `json:"zone_no"`
	X             httpx.Number `json:"x"`
	Y             httpx.Number `json:"y"`
}

type addressSearch struct {
	Documents []struct {
		AddressName string        `json:"address_name"`
		AddressType string        `json:"address_type"`
		X           httpx.Number  `json:"x"`
		Y           httpx.Number  `json:"y"`
		Address     *localAddress `json:"address"`
		RoadAddress *roadAddress  `json:"road_address"`
	} `json:"documents"`
}

type keywordSearch struct {
	Documents []struct {
		PlaceName       string       `json:"place_name"`
		AddressName     string       `json:"address_name"`
		RoadAddressName string       `json:"road_address_name"`
		X               httpx.Number `json:"x"`
		Y               httpx.Number `json:"y"`
	} `json:"documents"`
}

type coord2address struct {
	Documents []struct {
		Address     *localAddress `json:"address"`
		RoadAddress *roadAddress  `json:"road_address"`
	} `json:"documents"`
}

type coord2region struct {
	Documents []struct {
		RegionType  string `json:"region_type"` // "B" legal, "H" administrative
		AddressName string `json:"address_name"`
		Region1     string `json:"region_1depth_name"`
		Region2     string `json:"region_2depth_name"`
		Region3     string `json:"region_3depth_name"`
		Region4     string `json:"region_4depth_name"`
		Code        string `json:"code"`
	} `json:"documents"`
}

// directions is the answer of every Kakao Mobility route endpoint.
type directions struct {
	Routes []struct {
		ResultCode int    `json:"result_code"`
		ResultMsg  string `json:"result_msg"`
		Key        string `json:"key"`
		Summary    *struct {
			Fare struct {
				Taxi httpx.Number `json:"taxi"`
				Toll httpx.Number `json:"toll"`
			} `json:"fare"`
			Distance httpx.Number `json:"distance"`
			Duration httpx.Number `json:"duration"`
		} `json:"summary"`
		Sections []struct {
			Distance httpx.Number `json:"distance"`
			Duration httpx.Number `json:"duration"`
			Roads    []struct {
				Vertexes []float64 `json:"vertexes"`
			} `json:"roads"`
		} `json:"sections"`
	} `json:"routes"`
}

// point is a coordinate in a Mobility request body.
type point struct {
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
	Key  string  `json:"key,omitempty"`
	Name string  `json:"name,omitempty"`
}

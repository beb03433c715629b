package tmap

import (
	"encoding/json"

	"github.com/mapswitch/mapswitch/internal/httpx"
)

// fullAddrGeo is the answer of /tmap/geo/fullAddrGeo. A jibun match fills
// matchFlag and lat/lon, a road-name match newMatchFlag and newLat/newLon;
// the other pair arrives as "".
type fullAddrGeo struct {
	CoordinateInfo struct {
		TotalCount httpx.Number `json:"totalCount"`
		Coordinate []geoCoord   `json:"coordinate"`
	} `json:"coordinateInfo"`
}

type geoCoord struct {
	MatchFlag     string       `json:"matchFlag"`
	Lat           httpx.Number `json:"lat"`
	Lon           httpx.Number `json:"lon"`
	CityDo        string       `json:"city_do"`
	GuGun         string       `json:"gu_gun"`
	EupMyun       string       `json:"eup_myun"`
	LegalDong     string       `json:"legalDong"`
	LegalDongCode string       `json:"legalDongCode"`
	AdminDong     string       `json:"adminDong"`
	AdminDongCode string       `json:"adminDongCode"`
	Ri            string       `json:"ri"`
	Bunji         string       `json:"bunji"`
	BuildingName  string       `json:"buildingName"`

	NewMatchFlag     string       `json:"newMatchFlag"`
	NewLat           httpx.Number `json:"newLat"`
	NewLon           httpx.Number `json:"newLon"`
	NewRoadName      string       `json:"newRoadName"`
	NewBuildingIndex string       `json:"newBuildingIndex"`
	NewBuildingName  string       `json:"newBuildingName"`
	Zipcode          string       `json:"zipcode"`
}

// poiSearch is the answer of /tmap/pois.
type poiSearch struct {
	SearchPoiInfo struct {
		Pois struct {
			Poi []poi `json:"poi"`
		} `json:"pois"`
	} `json:"searchPoiInfo"`
}

type poi struct {
	ID             string       `json:"id"`
	Name           string       `json:"name"`
	FrontLat       httpx.Number `json:"frontLat"`
	FrontLon       httpx.Number `json:"frontLon"`
	NoorLat        httpx.Number `json:"noorLat"`
	NoorLon        httpx.Number `json:"noorLon"`
	UpperAddrName  string       `json:"upperAddrName"`
	MiddleAddrName string       `json:"middleAddrName"`
	LowerAddrName  string       `json:"lowerAddrName"`
	DetailAddrName string       `json:"detailAddrName"`
	MlClass        string       `json:"mlClass"`
	FirstNo        string       `json:"firstNo"`
	SecondNo       string       `json:"secondNo"`
	RoadName       string       `json:"roadName"`
	FirstBuildNo   string       `json:"firstBuildNo"`
	SecondBuildNo  string       `json:"secondBuildNo"`
	ZipCode        string       `json:"zipCode"`
}

// reverseGeo is the answer of /tmap/geo/reversegeocoding (addressType A10).
type reverseGeo struct {
	AddressInfo struct {
		FullAddress   string       `json:"fullAddress"`
		CityDo        string       `json:"city_do"`
		GuGun         string       `json:"gu_gun"`
		EupMyun       string       `json:"eup_myun"`
		AdminDong     string       `json:"adminDong"`
		AdminDongCode string       `json:"adminDongCode"`
		LegalDong     string       `json:"legalDong"`
		LegalDongCode string       `json:"legalDongCode"`
		Ri            string       `json:"ri"`
		Bunji         string       `json:"bunji"`
		RoadName      string       `json:"roadName"`
		BuildingIndex string       `json:"buildingIndex"`
		BuildingName  string       `json:"buildingName"`
		Mapping       httpx.Number `json:"mappingDistance"`
	} `json:"addressInfo"`
}

// routeResp is the GeoJSON answer of /tmap/routes.
type routeResp struct {
	Features []struct {
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
		Properties struct {
			TotalDistance httpx.Number `json:"totalDistance"`
			TotalTime     httpx.Number `json:"totalTime"`
			TotalFare     httpx.Number `json:"totalFare"`
			TaxiFare      httpx.Number `json:"taxiFare"`
			Distance      httpx.Number `json:"distance"`
			Time          httpx.Number `json:"time"`
			PointType     string       `json:"pointType"`
		} `json:"properties"`
	} `json:"features"`
}

// matrixResp is the answer of /tmap/matrix; elements are found by their
// indexes, never by position.
type matrixResp struct {
	Meta struct {
		Status string `json:"status"`
	} `json:"meta"`
	MatrixRoutes []struct {
		Status           string       `json:"status"`
		OriginIndex      *int         `json:"originIndex"`
		DestinationIndex *int         `json:"destinationIndex"`
		Duration         httpx.Number `json:"duration"`
		Distance         httpx.Number `json:"distance"`
	} `json:"matrixRoutes"`
}

// lonLat is a matrix point; TMAP wants the numbers as strings.
type lonLat struct {
	Lon string `json:"lon"`
	Lat string `json:"lat"`
}
